package dev.horizon.showcase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The sample backend over a real socket: what it answers, and its line of waiting requests. */
class SampleBackendTest {

    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final List<SampleBackend> started = new ArrayList<>();

    private SampleBackend start(Duration cost, int concurrency) throws InterruptedException {
        return start(cost, Duration.ZERO, concurrency);
    }

    private SampleBackend start(Duration cost, Duration cpuCost, int concurrency) throws InterruptedException {
        SampleBackend backend = SampleBackend.start("b\"1", cost, cpuCost, concurrency,
            new InetSocketAddress("127.0.0.1", 0));
        started.add(backend);
        return backend;
    }

    /**
     * The CPU time each live thread of this JVM has used, in nanoseconds, by thread id, from the kernel's per-thread
     * CPU clocks. (The process CPU time the JDK reports, {@code OperatingSystemMXBean.getProcessCpuTime}, counts in
     * clock ticks of 10 ms on Linux: too coarse for an exact bound of 20 ms.)
     */
    private static Map<Long, Long> threadCpuNanos() {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        Map<Long, Long> cpu = new HashMap<>();
        for (long id : threads.getAllThreadIds()) {
            long nanos = threads.getThreadCpuTime(id);
            if (nanos >= 0) {
                cpu.put(id, nanos);
            }
        }
        return cpu;
    }

    /** The CPU time this JVM's threads used since {@code before}: what each live thread added, a new one all of it. */
    private static long cpuNanosSince(Map<Long, Long> before) {
        long used = 0;
        for (Map.Entry<Long, Long> e : threadCpuNanos().entrySet()) {
            used += e.getValue() - before.getOrDefault(e.getKey(), 0L);
        }
        return used;
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

    @Test
    void aCpuCostIsSpentAsCpuTimeOfItsThreads() throws Exception {
        SampleBackend backend = start(Duration.ZERO, Duration.ofMillis(20), 0);
        assertThat(get(backend, "/warm-up").statusCode()).isEqualTo(200);
        Map<Long, Long> before = threadCpuNanos();

        HttpResponse<String> r = get(backend, "/work");

        long used = cpuNanosSince(before);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(used).as("CPU ns of this JVM's threads for one request of --cpu-cost 20ms")
            .isGreaterThanOrEqualTo(20_000_000L);
    }

    @Test
    void aCostIsWaitedForWithoutSpendingCpu() throws Exception {
        SampleBackend backend = start(Duration.ofMillis(300), Duration.ZERO, 0);
        assertThat(get(backend, "/warm-up").statusCode()).isEqualTo(200);
        Map<Long, Long> cpuBefore = threadCpuNanos();
        long wallBefore = System.nanoTime();

        HttpResponse<String> r = get(backend, "/work");

        long wall = System.nanoTime() - wallBefore;
        long used = cpuNanosSince(cpuBefore);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(wall).as("wall ns of a request of --cost 300ms").isGreaterThanOrEqualTo(300_000_000L);
        assertThat(used).as("CPU ns of this JVM's threads while it waited").isLessThan(300_000_000L);
    }

    @Test
    void refusesNegativeCosts() {
        InetSocketAddress any = new InetSocketAddress("127.0.0.1", 0);

        assertThatThrownBy(() -> SampleBackend.start("b", Duration.ZERO, Duration.ofMillis(-1), 0, any))
            .isInstanceOf(IllegalArgumentException.class).hasMessage("cpu-cost: -1ms (expected: 0ms or more)");
        assertThatThrownBy(() -> SampleBackend.start("b", Duration.ofSeconds(-2), Duration.ZERO, 0, any))
            .isInstanceOf(IllegalArgumentException.class).hasMessage("cost: -2s (expected: 0ms or more)");
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
