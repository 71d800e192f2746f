package dev.horizon.data.cache;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Objects;

/** Turns cached values into the text Redis keeps, and back. */
public interface ValueCodec<V> {

    String encode(V value);

    /** The value {@link #encode} wrote; throws {@link IllegalArgumentException} for text it cannot read. */
    V decode(String text);

    /** JSON with Jackson, for records and plain classes. */
    static <V> ValueCodec<V> json(Class<V> type) {
        Objects.requireNonNull(type, "type");
        ObjectMapper mapper = new ObjectMapper().findAndRegisterModules();
        return new ValueCodec<>() {
            @Override
            public String encode(V value) {
                try {
                    return mapper.writeValueAsString(value);
                } catch (JsonProcessingException e) {
                    throw new IllegalArgumentException("cannot write a " + type.getSimpleName() + " as JSON: "
                        + e.getOriginalMessage(), e);
                }
            }

            @Override
            public V decode(String text) {
                try {
                    return mapper.readValue(text, type);
                } catch (JsonProcessingException e) {
                    throw new IllegalArgumentException("cached text is not a " + type.getSimpleName() + ": "
                        + e.getOriginalMessage(), e);
                }
            }
        };
    }
}
