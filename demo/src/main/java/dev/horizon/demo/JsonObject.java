package dev.horizon.demo;

import java.util.LinkedHashMap;
import java.util.Map;

/** A JSON object to be written by Jackson, with its fields in the order given (responses and log lines read alike). */
final class JsonObject {

    private JsonObject() {
    }

    /** {@code of("user", "alice", "count", 3)} is {@code {"user":"alice","count":3}}. */
    static Map<String, Object> of(Object... namesAndValues) {
        if (namesAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("names and values come in pairs, got " + namesAndValues.length);
        }
        Map<String, Object> object = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            object.put((String) namesAndValues[i], namesAndValues[i + 1]);
        }
        return object;
    }
}
