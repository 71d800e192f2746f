package dev.horizon.cli;

import dev.horizon.admin.AdminToken;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Talks to a running admin API for tests: GETs that fail the test on anything but 200, polling, and verbs. */
final class AdminClientForTests {

    private static final HttpClient CLIENT = HttpClient.newHttpClient();
    private final int port;

    AdminClientForTests(int port) {
        this.port = port;
    }

    String get(String path) {
        HttpResponse<String> r = send("GET", path);
        if (r.statusCode() != 200) {
            throw new AssertionError("GET " + path + ": " + r.statusCode() + " " + r.body());
        }
        return r.body();
    }

    /** A managed service's instances as the admin API gives them. */
    String instances(String service) {
        return get("/admin/services/" + service + "/instances");
    }

    /**
     * Polls a managed service's instances (up to 60 s) until {@code condition} holds; returns that answer. An admin
     * listener not bound yet (Horizon prints its fleet's lines before the admin API listens) is polled again too.
     */
    String awaitInstances(String service, Predicate<String> condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        String last = "";
        while (System.nanoTime() < deadline) {
            try {
                last = instances(service);
            } catch (AssertionError e) {
                if (!(e.getCause() instanceof ConnectException)) {
                    throw e;
                }
                last = String.valueOf(e.getMessage());
                Thread.sleep(100);
                continue;
            }
            if (condition.test(last)) {
                return last;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("timed out waiting for " + what + "; last: " + last);
    }

    /** The integer field {@code name} of a JSON answer (its first occurrence). */
    static int field(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\":(\\d+)").matcher(json);
        if (!m.find()) {
            throw new AssertionError("no " + name + " in " + json);
        }
        return Integer.parseInt(m.group(1));
    }

    /** {@code horizon VERB ...} in this JVM against this admin API: its exit code and everything it printed. */
    Run horizon(String... args) {
        StringWriter out = new StringWriter();
        List<String> argv = new ArrayList<>(List.of(args));
        argv.addAll(List.of("--admin", "127.0.0.1:" + port));
        int code = Horizon.run(argv.toArray(String[]::new), new PrintWriter(out, true), new PrintWriter(out, true));
        return new Run(code, out.toString());
    }

    /** {@code horizon VERB ...} that must succeed (exit 0); returns what it printed. */
    String succeed(String... args) {
        Run run = horizon(args);
        org.assertj.core.api.Assertions.assertThat(run.code()).as("horizon %s: %s", List.of(args), run.output())
            .isZero();
        return run.output();
    }

    /** What a {@code horizon} verb did. */
    record Run(int code, String output) {
    }

    /** The status code of {@code METHOD path} (no body). */
    int status(String method, String path) {
        return send(method, path, "").statusCode();
    }

    /**
     * The status code of {@code POST path} with a JSON {@code body}, authenticated as the {@code horizon} verbs are
     * (the admin token from the environment or the generated file).
     */
    int post(String path, String body) {
        return send("POST", path, body).statusCode();
    }

    private HttpResponse<String> send(String method, String path) {
        return send(method, path, "");
    }

    private HttpResponse<String> send(String method, String path, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .method(method, body.isEmpty() ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body)).timeout(Duration.ofSeconds(10));
        if (method.equals("POST")) {
            request.header("Content-Type", "application/json");
            String token = AdminToken.forClient(System.getenv(AdminToken.ENV),
                AdminToken.defaultFile(System.getenv()));
            if (token != null) {
                request.header("Authorization", "Bearer " + token);
            }
        }
        try {
            return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new AssertionError(method + " " + path + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}
