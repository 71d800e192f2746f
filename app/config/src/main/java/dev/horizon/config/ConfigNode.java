package dev.horizon.config;

import dev.horizon.duration.DurationText;
import dev.horizon.spelling.Spelling;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;

/**
 * One value of the YAML tree with its key path ({@code services.shop.endpoints[0].weight}) and line, converting
 * itself to the type the schema expects and failing with {@code FILE:LINE: path: problem}.
 *
 * <p>Scalars are read as text whatever YAML's own typing says ({@code X-Canary: 1} is the text {@code 1}), then
 * converted for the key: the schema, not the YAML resolver, decides what a value means. {@code ${NAME}} in a scalar
 * is replaced by the environment variable {@code NAME} before conversion; <code>$${</code> stands for a literal
 * <code>${</code>.
 */
final class ConfigNode {

    private static final Pattern INTEGER = Pattern.compile("[-+]?[0-9]+");
    private static final Pattern DECIMAL =
        Pattern.compile("[-+]?(?:[0-9]+(?:\\.[0-9]*)?|\\.[0-9]+)(?:[eE][-+]?[0-9]+)?");
    private static final Pattern VARIABLE_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private final String file;
    private final Map<String, String> env;
    private final Node node;
    private final String path;
    private final int line;

    ConfigNode(String file, Map<String, String> env, Node node, String path, int line) {
        this.file = file;
        this.env = env;
        this.node = node;
        this.path = path;
        this.line = line;
    }

    /** The 1-based line where {@code node} starts. */
    static int lineOf(Node node) {
        return node.getStartMark().map(m -> m.getLine() + 1).orElse(1);
    }

    /** A child of this node: a mapping value (its line is its key's) or a list element. */
    ConfigNode child(Node child, String childPath, int childLine) {
        return new ConfigNode(file, env, child, childPath, childLine);
    }

    /** The key path, empty for the document itself. */
    String path() {
        return path;
    }

    /** The last segment of the path: the key this value belongs to, or {@code name[i]} for a list element. */
    String name() {
        int dot = path.lastIndexOf('.');
        return dot < 0 ? path : path.substring(dot + 1);
    }

    /** The 1-based line reported for this value: its key's line for a mapping value, else its own. */
    int line() {
        return line;
    }

    /** The file name used in messages. */
    String file() {
        return file;
    }

    /** An error at this value: {@code FILE:LINE: path: message}. */
    ConfigException error(String message) {
        return error(line, message);
    }

    /** An error at {@code atLine} of the file, about this value. */
    ConfigException error(int atLine, String message) {
        return ConfigException.at(file, atLine, path.isEmpty() ? message : path + ": " + message);
    }

    boolean isScalar() {
        return node instanceof ScalarNode && !isNull();
    }

    boolean isMap() {
        return node instanceof MappingNode;
    }

    /** Whether the value is absent in YAML terms: empty, {@code ~} or {@code null}, unquoted. */
    boolean isNull() {
        return node instanceof ScalarNode && node.getTag().equals(Tag.NULL);
    }

    /** This value as a mapping whose keys must be among {@code keys} (in the order messages list them). */
    ConfigMap map(List<String> keys) {
        return new ConfigMap(this, mapping(), keys);
    }

    /** This value as a mapping with keys of the user's choosing (header names, service names). */
    ConfigMap anyMap() {
        return new ConfigMap(this, mapping(), null);
    }

    private MappingNode mapping() {
        if (node instanceof MappingNode m) {
            return m;
        }
        throw unexpected("a mapping");
    }

    /** This value as a list. */
    List<ConfigNode> list() {
        if (!(node instanceof SequenceNode seq)) {
            throw unexpected("a list");
        }
        List<ConfigNode> items = new ArrayList<>();
        for (Node item : seq.getValue()) {
            items.add(child(item, path + "[" + items.size() + "]", lineOf(item)));
        }
        return items;
    }

    /** The text of this scalar, environment variables substituted. */
    String text() {
        return template(Set.of());
    }

    /**
     * The text of this scalar with environment variables substituted, except the references named in {@code kept},
     * which stay as written (<code>${PORT}</code> in an instance command is filled in per instance, not from the
     * environment).
     */
    String template(Set<String> kept) {
        if (!(node instanceof ScalarNode scalar) || isNull()) {
            throw unexpected("a single value");
        }
        return substitute(scalar.getValue(), kept);
    }

    /** Fails with {@code path: <what this is> (expected: <expected>)}. */
    ConfigException unexpected(String expected) {
        return error(describe() + " (expected: " + expected + ")");
    }

    private String describe() {
        if (node instanceof MappingNode) {
            return "a mapping";
        }
        if (node instanceof SequenceNode) {
            return "a list";
        }
        return isNull() ? "no value" : "'" + ((ScalarNode) node).getValue() + "'";
    }

    int integer() {
        String t = text();
        if (!INTEGER.matcher(t).matches()) {
            throw error("'" + t + "' (expected: an integer)");
        }
        try {
            return Integer.parseInt(t);
        } catch (NumberFormatException e) {
            throw error("'" + t + "' (expected: an integer in " + Integer.MIN_VALUE + ".." + Integer.MAX_VALUE + ")");
        }
    }

    double decimal() {
        String t = text();
        if (!DECIMAL.matcher(t).matches()) {
            throw error("'" + t + "' (expected: a number)");
        }
        double d = Double.parseDouble(t);
        if (Double.isInfinite(d)) {
            throw error("'" + t + "' (expected: a finite number)");
        }
        return d;
    }

    boolean bool() {
        String t = text();
        return switch (t) {
            case "true", "True", "TRUE" -> true;
            case "false", "False", "FALSE" -> false;
            default -> throw error("'" + t + "' (expected: true or false)");
        };
    }

    Duration duration() {
        String t = text();
        try {
            return DurationText.parse(t);
        } catch (IllegalArgumentException e) {
            throw error("'" + t + "' " + e.getMessage());
        }
    }

    /**
     * {@code parser} applied to this value's text; an {@link IllegalArgumentException} it throws becomes a
     * {@link ConfigException} at this value. Such messages start with a key ({@code balance: 'x' (expected: ...)},
     * as the records and {@code Algorithm.of} write them): the same key as this value's replaces it, another is
     * appended to the path.
     */
    <T> T parse(Function<String, T> parser) {
        String t = text();
        return build(() -> parser.apply(t));
    }

    /**
     * {@code parser} applied to this value's text, for a parser whose {@link IllegalArgumentException} ends with the
     * expectation ({@code Cpu.parse}: {@code 5m (expected: 10m..1024 cores)}): the error is the value as written and
     * that expectation, {@code path: '5m' (expected: 10m..1024 cores)}.
     */
    <T> T convert(Function<String, T> parser) {
        String t = text();
        try {
            return parser.apply(t);
        } catch (IllegalArgumentException e) {
            String message = String.valueOf(e.getMessage());
            int open = message.indexOf("(expected");
            throw error("'" + t + "' " + (open < 0 ? "(expected: " + message + ")" : message.substring(open)));
        }
    }

    /**
     * The one of {@code choices} whose {@code text} this value is; otherwise the error suggests the closest
     * ({@code 'restrat' (did you mean 'restart'?)}) or lists them all ({@code (expected: in-place or restart)}).
     */
    <T> T choice(List<T> choices, Function<T, String> text) {
        String t = text();
        List<String> names = choices.stream().map(text).toList();
        int i = names.indexOf(t);
        if (i >= 0) {
            return choices.get(i);
        }
        String hint = Spelling.hint(t, names);
        throw error("'" + t + "'" + (hint.isEmpty() ? " (expected: " + String.join(", ", names.subList(0,
            names.size() - 1)) + " or " + names.getLast() + ")" : hint));
    }

    /** {@code constructor}'s result; an {@link IllegalArgumentException} it throws is reported as by {@link #parse}. */
    <T> T build(Supplier<T> constructor) {
        try {
            return constructor.get();
        } catch (IllegalArgumentException e) {
            String message = String.valueOf(e.getMessage());
            String own = name() + ": ";
            if (message.startsWith(own)) {
                throw ConfigException.at(file, line, path + ": " + message.substring(own.length()));
            }
            throw ConfigException.at(file, line, path.isEmpty() ? message : path + "." + message);
        }
    }

    private String substitute(String raw, Set<String> kept) {
        if (raw.indexOf('$') < 0) {
            return raw;
        }
        StringBuilder out = new StringBuilder(raw.length());
        int i = 0;
        while (i < raw.length()) {
            char c = raw.charAt(i);
            if (raw.startsWith("$${", i)) {
                out.append("${");
                i += 3;
            } else if (raw.startsWith("${", i)) {
                int end = raw.indexOf('}', i + 2);
                String name = end < 0 ? raw.substring(i + 2) : raw.substring(i + 2, end);
                if (end < 0 || !VARIABLE_NAME.matcher(name).matches()) {
                    String ref = end < 0 ? raw.substring(i) : raw.substring(i, end + 1);
                    throw error("bad environment variable reference '" + ref + "' (expected: ${NAME}, or $${ for a "
                        + "literal ${)");
                }
                if (kept.contains(name)) {
                    out.append("${").append(name).append('}');
                    i = end + 1;
                    continue;
                }
                String value = env.get(name);
                if (value == null) {
                    throw error("environment variable '" + name + "' is not set");
                }
                out.append(value);
                i = end + 1;
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }

    /** The text of a scalar key, for the mapping that holds it; keys are not substituted. */
    static @Nullable String keyText(Node key) {
        return key instanceof ScalarNode s && !key.getTag().equals(Tag.NULL) ? s.getValue() : null;
    }
}
