package dev.horizon.admin;

import dev.horizon.config.ConfigLoader;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * What the operator verbs ({@code status}, {@code scale}, {@code drain}, {@code explain}, {@code profile},
 * {@code trace export}) use to talk to a running {@code horizon up}. Every call carries the admin token
 * ({@link AdminToken}: {@code HORIZON_ADMIN_TOKEN}, else the generated file), a {@code POST} also
 * {@code Content-Type: application/json}. A refusal becomes an exception with the server's own message:
 * {@link IllegalArgumentException} for a 4xx (the request was wrong: exit 2), otherwise {@link IllegalStateException}
 * (the admin API failed or cannot be reached: exit 1).
 */
public final class AdminClient {

    private final String base;
    private final @Nullable String token;
    /** Where the token came from (or was looked for), for the message of a 401. */
    private final String tokenSource;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    AdminClient(String hostPort, @Nullable String token, String tokenSource) {
        this.base = "http://" + hostPort;
        this.token = token;
        this.tokenSource = tokenSource;
    }

    private static AdminClient withToken(String hostPort) {
        String fromEnv = System.getenv(AdminToken.ENV);
        Path file = AdminToken.defaultFile(System.getenv());
        String token = AdminToken.forClient(fromEnv, file);
        String source = fromEnv != null && !fromEnv.isEmpty() ? "it sent " + AdminToken.ENV
            : token != null ? "it sent the token in " + file
            : "it has none: " + AdminToken.ENV + " is not set and " + file + " cannot be read";
        return new AdminClient(hostPort, token, source);
    }

    /** The admin address from {@code --admin}, else from the configuration file when it exists, else the default. */
    public static AdminClient of(String admin, Path config) {
        if (!admin.isEmpty()) {
            return withToken(admin);
        }
        if (Files.isRegularFile(config)) {
            var a = ConfigLoader.load(config).admin();
            return withToken(a.getHostString() + ":" + a.getPort());
        }
        return withToken(ConfigLoader.DEFAULT_ADMIN);
    }

    /** {@code horizon status}: the services, endpoints and managed instances as a table. */
    public String status() {
        return call("GET", "/admin/services?format=text", "");
    }

    /** {@code GET /admin/services}: the services, their endpoints and traffic, as JSON. */
    public String services() {
        return call("GET", "/admin/services", "");
    }

    /** {@code GET /admin/services/{s}/instances}: a managed service's counts, size, limits and instances, as JSON. */
    public String instances(String service) {
        return call("GET", servicePath(service, "instances"), "");
    }

    /** {@code horizon scale}: sets the desired count; returns the one-line report. */
    public String scale(String service, int instances) {
        return call("POST", servicePath(service, "scale", "?format=text"), AdminJson.body("instances", instances));
    }

    /** {@code horizon resize}: resizes every instance, or one; returns the report (what changes and how). */
    public String resize(String service, @Nullable String cpu, @Nullable String memory, @Nullable String instance) {
        String body = AdminJson.object(json -> {
            if (cpu != null) {
                json.writeStringField("cpu", cpu);
            }
            if (memory != null) {
                json.writeStringField("memory", memory);
            }
            if (instance != null) {
                json.writeStringField("instance", instance);
            }
        });
        return call("POST", servicePath(service, "resize", "?format=text"), body);
    }

    /**
     * {@code horizon drain}: drains ({@code drain}) or resumes an endpoint, or drains and stops a managed instance.
     *
     * @return whether {@code endpoint} was a managed instance (drained, stopped and replaced)
     */
    public boolean drain(String service, String endpoint, boolean drain) {
        return AdminJson.hasField(call("POST", servicePath(service, "endpoints", endpoint, "drain"),
            AdminJson.body("drain", drain)), "instance");
    }

    /** {@code horizon explain}: the decision log in plain words, or as JSON. */
    public String explain(String service, boolean json) {
        return call("GET", servicePath(service, "decisions", json ? "" : "?format=text"), "");
    }

    /**
     * {@code horizon trace export}: the service's recorded requests per second as {@code seconds,rps} CSV, over the
     * {@code last} duration ({@code 10m}) or {@code since} a time ({@code 2026-12-02T14:00:00Z}) when either is given.
     */
    public String trace(String service, @Nullable String since, @Nullable String last) {
        String query = since != null ? "?since=" + encode(since) : last != null ? "?last=" + encode(last) : "";
        return call("GET", servicePath(service, "trace", query), "");
    }

    /**
     * {@code horizon deploy}: a new revision with {@code command} (one string, split on spaces; null: the same),
     * {@code env} added, rolled out with {@code strategy} (null: the service's); returns the answer in words.
     */
    public String deploy(String service, @Nullable String command, java.util.Map<String, String> env,
        @Nullable String strategy) {
        String body = AdminJson.object(json -> {
            if (command != null) {
                json.writeStringField("command", command);
            }
            if (!env.isEmpty()) {
                json.writeObjectFieldStart("env");
                for (var e : env.entrySet()) {
                    json.writeStringField(e.getKey(), e.getValue());
                }
                json.writeEndObject();
            }
            if (strategy != null) {
                json.writeStringField("strategy", strategy);
            }
        });
        return message(call("POST", servicePath(service, "deploy"), body));
    }

    /** {@code horizon rollout status}: in plain words, or as JSON. */
    public String rolloutStatus(String service, boolean json) {
        return call("GET", servicePath(service, "rollout", json ? "" : "?format=text"), "");
    }

    /** {@code horizon rollout promote|abort|undo}; {@code full} only for promote. Returns the answer in words. */
    public String rollout(String service, String command, boolean full) {
        return message(call("POST", servicePath(service, "rollout", command), full ? AdminJson.body("full", true)
            : "{}"));
    }

    private static String message(String answer) {
        String m = AdminJson.textField(answer, "message");
        return (m == null ? answer : m) + "\n";
    }

    /**
     * {@code /admin/services/SERVICE} followed by the path segments in {@code rest}, each URL-encoded; a part starting
     * with {@code ?} is appended as the query, an empty one is skipped.
     */
    static String servicePath(String service, String... rest) {
        StringBuilder path = new StringBuilder("/admin/services/").append(encode(service));
        for (String part : rest) {
            if (part.startsWith("?")) {
                path.append(part);
            } else if (!part.isEmpty()) {
                path.append('/').append(encode(part));
            }
        }
        return path.toString();
    }

    private static String encode(String segment) {
        return URLEncoder.encode(segment, StandardCharsets.UTF_8);
    }

    /**
     * GET or POST {@code path}; returns the body of a 2xx answer.
     *
     * @throws IllegalArgumentException with the server's message when it answers 4xx
     * @throws IllegalStateException    with the server's message when it answers otherwise, or cannot be reached
     */
    String call(String method, String path, String body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(10))
            .method(method, body.isEmpty() ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body));
        if (method.equals("POST")) {
            b.header("Content-Type", "application/json");
        }
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        HttpResponse<String> r;
        try {
            r = client.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (ConnectException e) {
            throw new IllegalStateException("no horizon admin API at " + base + " (is `horizon up` running?)", e);
        } catch (IOException e) {
            throw new IllegalStateException("admin API at " + base + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
        int status = r.statusCode();
        if (status / 100 == 2) {
            return r.body();
        }
        String message = errorMessage(r.body(), status);
        if (status == 401) {
            message += "; " + tokenSource;
        }
        if (status / 100 == 4) {
            throw new IllegalArgumentException(message);
        }
        throw new IllegalStateException("admin API at " + base + ": " + message);
    }

    /** The {@code error} field of a JSON error answer, else the answer's text, else its status. */
    static String errorMessage(String body, int status) {
        String text = body.strip();
        String error = AdminJson.textField(text, "error");
        if (error != null && !error.isBlank()) {
            return error;
        }
        return text.isEmpty() ? "HTTP " + status : "HTTP " + status + ": " + text.lines().findFirst().orElse("");
    }
}
