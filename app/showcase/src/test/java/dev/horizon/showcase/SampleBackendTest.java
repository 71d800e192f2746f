package dev.horizon.showcase;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The sample backend over a real socket: what it answers, and its line of waiting requests. */
class SampleBackendTest {

    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final List<SampleBackend> started = new ArrayList<>();

    private SampleBackend start(Duration cost, int concurrency) throws InterruptedException {
        SampleBackend backend = SampleBackend.start("b\"1", cost, concurrency, new InetSocketAddress("127.0.0.1", 0));
        started.add(backend);
        return backend;
    }

    private HttpResponse<String> get(SampleBackend backend, String path) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + backend.address().getPort() + path))
            .build(), HttpResponse.BodyHandlers.ofString());
    }

    @AfterEach
    void stop() {
        started.forEach(SampleBackend::close);
    }

    @Test
    void answersEveryPathWithItsNameAndThePathAsJson() throws Exception {
        SampleBackend backend = start(Duration.ZERO, 0);

        HttpResponse<String> r = get(backend, "/cart?id=%227%22");

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("X-Instance")).hasValue("b\"1");
        assertThat(r.body()).isEqualTo("{\"backend\":\"b\\\"1\",\"path\":\"/cart?id=%227%22\"}\n");
        assertThat(get(backend, "/health").body()).isEqualTo("{\"status\":\"ok\"}\n");
    }

    @Test
    void queuesRequestsBeyondItsConcurrencyAndCountsThemInItsMetrics() throws Exception {
        SampleBackend backend = start(Duration.ofMillis(300), 1);
        URI uri = URI.create("http://127.0.0.1:" + backend.address().getPort() + "/work");
        List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            calls.add(client.sendAsync(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString()));
        }
        String metrics = awaitMetrics(backend, "backend_queue_depth 2\n");

        assertThat(metrics).contains("backend_in_flight 3\n").contains("backend_requests_total 0\n");
        for (CompletableFuture<HttpResponse<String>> call : calls) {
            assertThat(call.get().statusCode()).isEqualTo(200);
        }
        assertThat(get(backend, "/metrics").body()).contains("backend_in_flight 0\n")
            .contains("backend_queue_depth 0\n").contains("backend_requests_total 3\n");
    }

    /** Polls {@code /metrics} (up to 10 s) until it contains {@code line}. */
    private String awaitMetrics(SampleBackend backend, String line) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        String metrics = get(backend, "/metrics").body();
        while (!metrics.contains(line) && System.nanoTime() < deadline) {
            Thread.sleep(20);
            metrics = get(backend, "/metrics").body();
        }
        return metrics;
    }
}
