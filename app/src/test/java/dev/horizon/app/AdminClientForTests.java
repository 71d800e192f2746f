package dev.horizon.app;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** GETs from a running admin API, failing the test on anything but 200. */
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

    /** The status code of {@code METHOD path} (no body). */
    int status(String method, String path) {
        return send(method, path).statusCode();
    }

    private HttpResponse<String> send(String method, String path) {
        try {
            return CLIENT.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .method(method, HttpRequest.BodyPublishers.noBody()).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new AssertionError("GET " + path + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}
