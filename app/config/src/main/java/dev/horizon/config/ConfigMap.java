package dev.horizon.config;

import dev.horizon.spelling.Spelling;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.NodeTuple;

/**
 * A YAML mapping of {@code horizon.yaml}, checked on creation: every key is a name, appears once, and (unless the
 * keys are the user's own, like service names) is one the schema knows, else the error names the key, its line and
 * the closest known key. Values are read through typed getters that apply the documented default when a key is
 * absent.
 */
final class ConfigMap {

    /** A duration as the records echo it: {@code DurationText}'s {@code 1500ms}, or ISO-8601's {@code PT1.5S}. */
    private static final Pattern ECHOED_DURATION = Pattern.compile("(-?[0-9.]+(ms|s)|-?PT[-0-9.HMS]+)(?= |$)");

    private final ConfigNode self;
    private final Map<String, ConfigNode> entries;

    ConfigMap(ConfigNode self, MappingNode mapping, @Nullable List<String> knownKeys) {
        this.self = self;
        Map<String, ConfigNode> byKey = new LinkedHashMap<>();
        for (NodeTuple tuple : mapping.getValue()) {
            int keyLine = ConfigNode.lineOf(tuple.getKeyNode());
            String key = ConfigNode.keyText(tuple.getKeyNode());
            if (key == null) {
                throw self.error(keyLine, "a key that is not a name (expected: a plain key like 'listen')");
            }
            ConfigNode first = byKey.get(key);
            if (first != null) {
                throw ConfigException.at(self.file(), keyLine,
                    "duplicate key '" + key + "' " + where() + " (first at line " + first.line() + ")");
            }
            if (knownKeys != null && !knownKeys.contains(key)) {
                String hint = Spelling.hint(key, knownKeys);
                throw ConfigException.at(self.file(), keyLine, "unknown key '" + key + "' " + where()
                    + (hint.isEmpty() ? " (expected: " + String.join(", ", knownKeys) + ")" : hint));
            }
            String childPath = self.path().isEmpty() ? key : self.path() + "." + key;
            byKey.put(key, self.child(tuple.getValueNode(), childPath, keyLine));
        }
        this.entries = Collections.unmodifiableMap(byKey);
    }

    private String where() {
        return self.path().isEmpty() ? "at top level" : "under " + self.path();
    }

    /**
     * {@code detail} with a leading duration as a record echoed it ({@code 60s} from {@code DurationText}, or
     * {@code PT1M} from a record that still prints {@link Duration#toString()}) replaced by the value as the file
     * writes it ({@code '1m'}).
     */
    private static String asWritten(ConfigNode value, String detail) {
        Matcher m = ECHOED_DURATION.matcher(detail);
        return m.lookingAt() && value.isScalar() ? "'" + value.text() + "'" + detail.substring(m.end()) : detail;
    }

    /** The mapping itself, as a value. */
    ConfigNode node() {
        return self;
    }

    /** The entries, in file order. */
    Map<String, ConfigNode> entries() {
        return entries;
    }

    /** The value of {@code key}, or null when the key is absent. */
    @Nullable ConfigNode get(String key) {
        return entries.get(key);
    }

    /** The value of a required {@code key}. */
    ConfigNode require(String key) {
        ConfigNode value = entries.get(key);
        if (value == null) {
            throw self.error("missing key '" + key + "'");
        }
        return value;
    }

    String text(String key, String absent) {
        ConfigNode value = entries.get(key);
        return value == null ? absent : value.text();
    }

    @Nullable String textOrNull(String key) {
        ConfigNode value = entries.get(key);
        return value == null ? null : value.text();
    }

    int integer(String key, int absent) {
        ConfigNode value = entries.get(key);
        return value == null ? absent : value.integer();
    }

    double decimal(String key, double absent) {
        ConfigNode value = entries.get(key);
        return value == null ? absent : value.decimal();
    }

    boolean bool(String key, boolean absent) {
        ConfigNode value = entries.get(key);
        return value == null ? absent : value.bool();
    }

    Duration duration(String key, Duration absent) {
        ConfigNode value = entries.get(key);
        return value == null ? absent : value.duration();
    }

    /**
     * Calls a record's constructor (or a factory) with values read from this mapping. Its
     * {@link IllegalArgumentException} becomes a {@link ConfigException} at the line of the key the message starts
     * with ({@code rise: 0 (expected: >= 1)} is reported at {@code rise}, under this mapping's path), or at this
     * mapping when the key is not in the file. A message prefixed with this mapping's own key
     * ({@code retries.attempts: ...} while building {@code retries}) is understood the same way.
     */
    <T> T build(Supplier<T> constructor) {
        try {
            return constructor.get();
        } catch (IllegalArgumentException e) {
            String message = String.valueOf(e.getMessage());
            String own = self.name() + ".";
            String relative = message.startsWith(own) ? message.substring(own.length()) : message;
            int colon = relative.indexOf(':');
            ConfigNode at = colon > 0 ? entries.get(relative.substring(0, colon)) : null;
            if (at != null) {
                String detail = asWritten(at, relative.substring(colon + 1).strip());
                throw ConfigException.at(self.file(), at.line(), at.path() + ": " + detail);
            }
            throw self.error(relative);
        }
    }
}
