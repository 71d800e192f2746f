package dev.horizon.config;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.jspecify.annotations.Nullable;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.api.lowlevel.Parse;
import org.snakeyaml.engine.v2.events.AliasEvent;
import org.snakeyaml.engine.v2.events.Event;
import org.snakeyaml.engine.v2.events.NodeEvent;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.ReaderException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.Tag;

/**
 * One YAML document composed into a node tree with the line of every node, for {@code horizon.yaml} and the what-if
 * case files; anything SnakeYAML refuses becomes a {@link ConfigException} at the line it names.
 *
 * <p>Implementation notes. SnakeYAML Engine's {@code Composer} counts every alias whose anchor names a mapping or a
 * list and, past {@link LoadSettings#getMaxAliasesForCollections()} (50), throws a plain {@code YamlEngineException}
 * without a position ("Number of aliases for non-scalar nodes exceeds the specified max=50"): that is its defence
 * against "billion laughs" documents, where nine anchors, each a list of nine aliases of the one before, expand to
 * 9^9 nodes. {@link #lineOverLimit} replays the same count over the parser's events, which do carry positions, so
 * the message names the line of the alias that crossed the limit and says what the limit is for.
 */
final class YamlDocument {

    private YamlDocument() {
    }

    /**
     * The root node of {@code yaml}, or null for an empty document (nothing, comments, or a plain null).
     *
     * @throws ConfigException {@code FILE:LINE: YAML syntax error: ...}, or the alias limit at the alias's line
     */
    static @Nullable Node compose(String yaml, String fileName) {
        LoadSettings settings = LoadSettings.builder().setLabel(fileName).build();
        Optional<Node> root;
        try {
            root = new Compose(settings).composeString(yaml);
        } catch (MarkedYamlEngineException e) {
            Optional<Mark> mark = e.getProblemMark().or(e::getContextMark);
            int line = mark.map(m -> m.getLine() + 1).orElse(1);
            throw ConfigException.at(fileName, line, "YAML syntax error: " + problem(e), e);
        } catch (ReaderException e) {
            throw ConfigException.at(fileName, lineAt(yaml, e.getPosition()), "YAML syntax error: "
                + String.format("special character U+%04X is not allowed", e.getCodePoint()), e);
        } catch (YamlEngineException e) {
            OptionalInt alias = lineOverLimit(yaml, settings);
            if (alias.isPresent()) {
                throw ConfigException.at(fileName, alias.getAsInt(), "too many YAML aliases of mappings or lists "
                    + "(more than " + settings.getMaxAliasesForCollections() + "): alias expansion is limited to "
                    + "defeat 'billion laughs' documents", e);
            }
            throw ConfigException.at(fileName, 1, "YAML syntax error: " + e.getMessage(), e);
        } catch (StackOverflowError e) {
            // The composer recurses once per nesting level; no configuration nests more than a few levels.
            throw ConfigException.at(fileName, 1, "YAML syntax error: nested too deeply", e);
        }
        return root.isEmpty() || root.get().getTag().equals(Tag.NULL) ? null : root.get();
    }

    /** The 1-based line of the alias past the limit of {@code settings}, or empty when the limit holds. */
    static OptionalInt lineOverLimit(String yaml, LoadSettings settings) {
        Map<String, Boolean> collection = new HashMap<>();
        int count = 0;
        try {
            for (Event event : new Parse(settings).parseString(yaml)) {
                if (event instanceof AliasEvent alias) {
                    if (collection.getOrDefault(alias.getAlias().getValue(), false)
                        && ++count > settings.getMaxAliasesForCollections()) {
                        return OptionalInt.of(alias.getStartMark().map(m -> m.getLine() + 1).orElse(1));
                    }
                } else if (event instanceof NodeEvent node && node.getAnchor().isPresent()) {
                    collection.put(node.getAnchor().get().getValue(), event.getEventId() != Event.ID.Scalar);
                }
            }
        } catch (YamlEngineException e) {
            // a document the parser refuses before any alias crossed the limit: the caller reports it
        }
        return OptionalInt.empty();
    }

    /** SnakeYAML's problem text, completed by its context when the problem alone is half a sentence. */
    private static String problem(MarkedYamlEngineException e) {
        String problem = e.getProblem();
        String context = e.getContext();
        if (problem == null || problem.isBlank()) {
            return String.valueOf(context);
        }
        return context != null && problem.startsWith("but ") ? context + " " + problem : problem;
    }

    /** The 1-based line of the code point at {@code position}. */
    private static int lineAt(String text, int position) {
        int line = 1;
        int offset = 0;
        for (int i = 0; i < position && offset < text.length(); i++) {
            int cp = text.codePointAt(offset);
            if (cp == '\n') {
                line++;
            }
            offset += Character.charCount(cp);
        }
        return line;
    }
}
