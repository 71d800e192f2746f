package dev.horizon.admin;

import com.fasterxml.jackson.databind.JsonNode;
import dev.horizon.sizing.Cpu;
import dev.horizon.sizing.Memory;
import java.util.Iterator;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The body of {@code POST /admin/services/{s}/resize}: {@code {"cpu": "1500m", "memory": "1Gi"}}, either or both, and
 * {@code "instance": "shop-2"} to resize one instance only.
 *
 * @param cpu      the new CPU, or null to keep it
 * @param memory   the new memory, or null to keep it
 * @param instance the one instance to resize, or null for every instance (and the ones launched later)
 */
record ResizeRequest(@Nullable Cpu cpu, @Nullable Memory memory, @Nullable String instance) {

    static final String EXPECTED = "{\"cpu\": \"1500m\", \"memory\": \"1Gi\"} (either or both; \"instance\": ID for "
        + "one instance)";

    private static final Set<String> FIELDS = Set.of("cpu", "memory", "instance");

    /**
     * The request {@code body} asks for.
     *
     * @throws IllegalArgumentException with a message for the client, e.g. {@code cpu: "5m" (expected: …)}
     */
    static ResizeRequest parse(String body) {
        JsonNode tree = AdminJson.tree(body);
        if (tree == null || !tree.isObject()) {
            throw new IllegalArgumentException("body: " + (body.isEmpty() ? "empty" : "not a JSON object")
                + " (expected: " + EXPECTED + ")");
        }
        for (Iterator<String> names = tree.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!FIELDS.contains(name)) {
                throw new IllegalArgumentException("body: unknown field '" + name + "' (expected: " + EXPECTED + ")");
            }
        }
        String cpuText = text(tree, "cpu");
        String memoryText = text(tree, "memory");
        if (cpuText == null && memoryText == null) {
            throw new IllegalArgumentException("body: neither cpu nor memory (expected: " + EXPECTED + ")");
        }
        return new ResizeRequest(cpuText == null ? null : parseCpu(cpuText),
            memoryText == null ? null : parseMemory(memoryText), text(tree, "instance"));
    }

    private static Cpu parseCpu(String text) {
        try {
            return Cpu.parse(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("cpu: \"" + text + "\" " + e.getMessage(), e);
        }
    }

    private static Memory parseMemory(String text) {
        try {
            return Memory.parse(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("memory: \"" + text + "\" " + e.getMessage(), e);
        }
    }

    private static @Nullable String text(JsonNode tree, String name) {
        JsonNode value = tree.get(name);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw new IllegalArgumentException(name + ": " + value + " (expected: a string, e.g. "
                + (name.equals("cpu") ? "\"1500m\"" : name.equals("memory") ? "\"1Gi\"" : "\"shop-2\"") + ")");
        }
        return value.asText();
    }
}
