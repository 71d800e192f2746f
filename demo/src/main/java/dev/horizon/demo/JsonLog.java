package dev.horizon.demo;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintStream;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** One JSON object per line on standard output: time, level, instance, message and any extra fields. */
final class JsonLog {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String instance;
    private final PrintStream out;

    JsonLog(String instance, PrintStream out) {
        this.instance = instance;
        this.out = out;
    }

    void info(String message, Map<String, ?> fields) {
        write("INFO", message, fields);
    }

    void error(String message, Map<String, ?> fields) {
        write("ERROR", message, fields);
    }

    private void write(String level, String message, Map<String, ?> fields) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("time", Instant.now().toString());
        line.put("level", level);
        line.put("instance", instance);
        line.put("msg", message);
        line.putAll(fields);
        try {
            out.println(JSON.writeValueAsString(line));
        } catch (JsonProcessingException e) {
            out.println("{\"level\":\"ERROR\",\"msg\":\"unloggable line\"}");
        }
    }
}
