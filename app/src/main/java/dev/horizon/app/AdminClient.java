package dev.horizon.app;

import dev.horizon.app.config.ConfigLoader;
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

/** What the operator verbs ({@code status}, {@code drain}) use to talk to a running {@code horizon up}. */
final class AdminClient {

    private final String base;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private AdminClient(String hostPort) {
        this.base = "http://" + hostPort;
    }

    /** The admin address from {@code --admin}, else from the configuration file when it exists, else the default. */
    static AdminClient of(String admin, Path config) {
        if (!admin.isEmpty()) {
            return new AdminClient(admin);
        }
        if (Files.isRegularFile(config)) {
            var a = ConfigLoader.load(config).admin();
            return new AdminClient(a.getHostString() + ":" + a.getPort());
        }
        return new AdminClient(ConfigLoader.DEFAULT_ADMIN);
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

    /** GET or POST {@code path}; returns the body of a 2xx answer, throws with the server's message otherwise. */
    String call(String method, String path, String body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(10))
            .method(method, body.isEmpty() ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body));
        String token = System.getenv("HORIZON_ADMIN_TOKEN");
        if (token != null && !token.isEmpty()) {
            b.header("Authorization", "Bearer " + token);
        }
        try {
            HttpResponse<String> r = client.send(b.build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() / 100 != 2) {
                throw new IllegalStateException(r.statusCode() + " " + r.body().trim());
            }
            return r.body();
        } catch (ConnectException e) {
            throw new IllegalStateException("no horizon admin API at " + base + " (is `horizon up` running?)", e);
        } catch (IOException e) {
            throw new IllegalStateException("admin API at " + base + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
