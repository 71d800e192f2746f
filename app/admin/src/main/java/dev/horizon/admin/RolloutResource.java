package dev.horizon.admin;

import static dev.horizon.admin.AdminResponses.TEXT;
import static dev.horizon.admin.AdminResponses.error;
import static dev.horizon.admin.AdminResponses.json;
import static dev.horizon.admin.AdminResponses.text;

import com.fasterxml.jackson.databind.JsonNode;
import dev.horizon.control.ManagedControl;
import dev.horizon.control.RolloutRecord;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The deployment resources of a managed service: {@code GET /admin/services/{s}/rollout} (JSON, or plain words with
 * {@code ?format=text}), {@code POST /admin/services/{s}/deploy} with {@code {"command": "PROGRAM ARG …", "env":
 * {"K": "V"}, "strategy": "canary"}} (every field optional), and {@code POST /admin/services/{s}/rollout/promote}
 * ({@code {"full": true}} to go all the way), {@code …/abort} and {@code …/undo}. A refused command answers 400 when
 * the request is wrong and 409 when the rollout's state does not allow it, with the reason.
 */
final class RolloutResource {

    /** {@code GET}: the rollout. */
    static final Pattern VIEW = Pattern.compile("/admin/services/([^/]+)/rollout");
    /** {@code POST}: deploy, or a rollout command. */
    static final Pattern ACTION = Pattern.compile("/admin/services/([^/]+)/(deploy|rollout/promote|rollout/abort"
        + "|rollout/undo)");

    private RolloutResource() {
    }

    static FullHttpResponse get(ManagedControl control, boolean asText) {
        if (asText) {
            return text(control.rolloutText(), TEXT);
        }
        return json(HttpResponseStatus.OK, document(control.rollout()));
    }

    /** The rollout as {@code GET …/rollout} answers it; {@code {"rollout":null}} without one. */
    static String document(@Nullable RolloutRecord r) {
        return AdminJson.object(json -> {
            if (r == null) {
                json.writeNullField("rollout");
                return;
            }
            json.writeStringField("service", r.service());
            json.writeNumberField("revision", r.revision());
            json.writeNumberField("stable", r.stable());
            json.writeStringField("strategy", r.strategy());
            json.writeStringField("phase", r.phase());
            if (r.weight() == Math.rint(r.weight())) {
                json.writeNumberField("weight", (long) r.weight());
            } else {
                json.writeNumberField("weight", r.weight());
            }
            json.writeNumberField("step", r.step());
            json.writeNumberField("steps", r.steps());
            json.writeStringField("reason", r.reason());
            json.writeStringField("started", r.started());
            json.writeStringField("switched", r.switched());
            json.writeObjectFieldStart("analysis");
            json.writeNumberField("failures", r.failures());
            json.writeNumberField("inconclusive", r.inconclusive());
            json.writeArrayFieldStart("runs");
            for (String a : r.analysis()) {
                json.writeString(a);
            }
            json.writeEndArray();
            json.writeEndObject();
        });
    }

    static FullHttpResponse post(ManagedControl control, String service, String action, String body) {
        JsonNode tree = body.isEmpty() ? null : AdminJson.tree(body);
        if (!body.isEmpty() && (tree == null || !tree.isObject())) {
            return error(HttpResponseStatus.BAD_REQUEST, "body: expected a JSON object");
        }
        String answer;
        try {
            answer = switch (action) {
                case "deploy" -> deploy(control, tree);
                case "rollout/promote" -> control.promote(full(tree));
                case "rollout/abort" -> control.abort();
                default -> control.undo();
            };
        } catch (IllegalArgumentException e) {
            return error(HttpResponseStatus.BAD_REQUEST, String.valueOf(e.getMessage()));
        } catch (IllegalStateException e) {
            return error(HttpResponseStatus.CONFLICT, String.valueOf(e.getMessage()));
        }
        return json(HttpResponseStatus.OK, AdminJson.object(json -> {
            json.writeStringField("service", service);
            json.writeStringField("message", answer);
        }));
    }

    /** {@code {"full": true}}; anything but a boolean there is refused. */
    private static boolean full(@Nullable JsonNode tree) {
        JsonNode f = tree == null ? null : tree.get("full");
        if (f != null && !f.isBoolean()) {
            throw new IllegalArgumentException("full: expected true or false");
        }
        return f != null && f.booleanValue();
    }

    private static String deploy(ManagedControl control, @Nullable JsonNode tree) {
        List<String> command = null;
        Map<String, String> env = new LinkedHashMap<>();
        String strategy = null;
        if (tree != null) {
            for (var names = tree.fieldNames(); names.hasNext();) {
                String name = names.next();
                if (!List.of("command", "env", "strategy").contains(name)) {
                    throw new IllegalArgumentException("body: unknown field '" + name
                        + "' (expected: command, env, strategy)");
                }
            }
            JsonNode c = tree.get("command");
            if (c != null) {
                command = words(c);
            }
            JsonNode e = tree.get("env");
            if (e != null) {
                if (!e.isObject()) {
                    throw new IllegalArgumentException("env: expected an object of names to text values");
                }
                for (var fields = e.fields(); fields.hasNext();) {
                    var f = fields.next();
                    if (!f.getValue().isTextual()) {
                        throw new IllegalArgumentException("env." + f.getKey() + ": expected a text value");
                    }
                    env.put(f.getKey(), f.getValue().asText());
                }
            }
            JsonNode s = tree.get("strategy");
            if (s != null) {
                if (!s.isTextual()) {
                    throw new IllegalArgumentException("strategy: expected rolling, blue-green or canary");
                }
                strategy = s.asText();
            }
        }
        return control.deploy(command, env, strategy);
    }

    /** The command as one string split on spaces (as {@code horizon deploy --command} takes it). */
    private static List<String> words(JsonNode c) {
        if (!c.isTextual() || c.asText().isBlank()) {
            throw new IllegalArgumentException("command: expected the program and its arguments as one string");
        }
        List<String> out = new ArrayList<>();
        for (String w : c.asText().trim().split(" +")) {
            out.add(w);
        }
        return out;
    }
}
