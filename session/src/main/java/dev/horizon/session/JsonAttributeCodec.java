package dev.horizon.session;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;

/** Jackson behind {@link AttributeCodec#json}. */
final class JsonAttributeCodec implements AttributeCodec {

    private final ObjectMapper mapper;
    private final Map<String, Class<?>> types;

    JsonAttributeCodec(ObjectMapper mapper, Map<String, Class<?>> types) {
        this.mapper = mapper;
        this.types = Map.copyOf(types);
    }

    @Override
    public String encode(String name, Object value) {
        try {
            return mapper.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("session attribute '" + name + "': cannot write a "
                + value.getClass().getName() + " as JSON: " + e.getOriginalMessage(), e);
        }
    }

    @Override
    public Object decode(String name, String json) {
        Class<?> type = types.getOrDefault(name, Object.class);
        try {
            Object value = mapper.readValue(json, type);
            if (value == null) {
                throw new UnreadableSessionException("session attribute '" + name + "' is JSON null", null);
            }
            return value;
        } catch (JsonProcessingException e) {
            throw new UnreadableSessionException("session attribute '" + name + "' is not a readable "
                + type.getSimpleName() + ": " + e.getOriginalMessage(), e);
        }
    }
}
