package dev.horizon.session;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;

/**
 * Turns session attribute values into JSON text and back. JSON, not Java serialization: any instance (any version of
 * the app, any language) can read it, and reading it never instantiates a class the application did not name.
 *
 * <p>{@link #json(Map)} decodes the attributes named in its map into their classes (records and beans, through
 * Jackson) and every other attribute into plain JSON values: {@code String}, {@code Integer}/{@code Long}/{@code
 * Double}, {@code Boolean}, {@code List}, {@code Map}, or null.
 */
public interface AttributeCodec {

    /** The JSON text of {@code value}; {@link IllegalArgumentException} when it cannot be written as JSON. */
    String encode(String name, Object value);

    /** The value of JSON text; {@link UnreadableSessionException} when the text is not what {@code name} holds. */
    Object decode(String name, String json);

    /** A JSON codec that decodes the named attributes into the given classes, others into plain JSON values. */
    static AttributeCodec json(Map<String, Class<?>> types) {
        return new JsonAttributeCodec(new ObjectMapper().findAndRegisterModules(), types);
    }

    /** A JSON codec that decodes every attribute into plain JSON values. */
    static AttributeCodec json() {
        return json(Map.of());
    }
}
