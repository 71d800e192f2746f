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
import java.util.SplittableRandom;
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

    private SampleBackend start(SampleBackend.Settings settings) throws InterruptedException {
        SampleBackend backend = SampleBackend.start(settings, new InetSocketAddress("127.0.0.1", 0));
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

    @Test
    void aVersionIsOnEveryAnswerAndInTheServicesJson() throws Exception {
        SampleBackend backend = start(SampleBackend.Settings.named("b1").withVersion("2.0-rc1"));

        HttpResponse<String> r = get(backend, "/cart");

        assertThat(r.headers().firstValue("X-Version")).hasValue("2.0-rc1");
        assertThat(r.body()).isEqualTo("{\"backend\":\"b1\",\"path\":\"/cart\",\"version\":\"2.0-rc1\"}\n");
        for (String path : List.of("/health", "/metrics")) {
            assertThat(get(backend, path).headers().firstValue("X-Version")).as(path).hasValue("2.0-rc1");
        }
        assertThat(get(backend, "/health").body()).isEqualTo("{\"status\":\"ok\"}\n");
        assertThat(get(start(Duration.ZERO, 0), "/cart").headers().firstValue("X-Version")).isEmpty();
    }

    @Test
    void failsExactlyTheRequestsItsSeedPicksAndNeverHealthOrMetrics() throws Exception {
        SampleBackend backend = start(SampleBackend.Settings.named("b1").withVersion("v2").withErrors(0.2, 7));
        SplittableRandom model = new SplittableRandom(7);
        List<Integer> expected = new ArrayList<>();
        List<Integer> statuses = new ArrayList<>();

        for (int i = 0; i < 500; i++) {
            expected.add(model.nextDouble() < 0.2 ? 500 : 200);
            HttpResponse<String> r = get(backend, "/work");
            statuses.add(r.statusCode());
            if (r.statusCode() == 500) {
                assertThat(r.body()).isEqualTo("{\"error\":\"injected\",\"backend\":\"b1\",\"version\":\"v2\"}\n");
                assertThat(r.headers().firstValue("X-Version")).hasValue("v2");
            }
            if (i % 10 == 0) { // answered at once, and they draw nothing: the sequence stays the model's
                assertThat(get(backend, "/health").statusCode()).isEqualTo(200);
                assertThat(get(backend, "/metrics").statusCode()).isEqualTo(200);
            }
        }

        long failures = expected.stream().filter(s -> s == 500).count();
        assertThat(statuses).isEqualTo(expected);
        assertThat(failures).as("SplittableRandom(7): 95 of 500 draws below 0.2").isEqualTo(95);
        assertThat(get(backend, "/metrics").body()).contains("backend_requests_total 500\n")
            .contains("backend_injected_errors_total " + failures + "\n");
    }

    @Test
    void aDelayIsWaitedOnTopOfTheCostByEveryRequest() throws Exception {
        SampleBackend backend = start(SampleBackend.Settings.named("b1").withCost(Duration.ofMillis(50))
            .withDelay(Duration.ofMillis(150)).withErrors(0.5, 3));
        assertThat(get(backend, "/health").statusCode()).isEqualTo(200);
        List<Integer> statuses = new ArrayList<>();

        for (int i = 0; i < 6; i++) {
            long before = System.nanoTime();
            HttpResponse<String> r = get(backend, "/work");
            long wall = System.nanoTime() - before;
            statuses.add(r.statusCode());
            assertThat(wall).as("wall ns of request %d (%d) at --cost 50ms --delay 150ms", i, r.statusCode())
                .isGreaterThanOrEqualTo(200_000_000L);
        }
        assertThat(statuses).as("SplittableRandom(3) at 0.5; the failures wait too")
            .containsExactly(500, 200, 200, 500, 500, 200);
    }

    @Test
    void refusesBadSettingsNamingTheOption() {
        SampleBackend.Settings ok = SampleBackend.Settings.named("b");

        assertThatThrownBy(() -> ok.withErrors(1.5, 1)).isInstanceOf(IllegalArgumentException.class)
            .hasMessage("error-rate: 1.5 (expected: 0..1)");
        assertThatThrownBy(() -> ok.withErrors(-0.1, 1)).hasMessage("error-rate: -0.1 (expected: 0..1)");
        assertThatThrownBy(() -> ok.withErrors(Double.NaN, 1)).hasMessage("error-rate: NaN (expected: 0..1)");
        assertThatThrownBy(() -> ok.withDelay(Duration.ofMillis(-150)))
            .hasMessage("delay: -150ms (expected: 0ms or more)");
        assertThatThrownBy(() -> ok.withVersion("v 2"))
            .hasMessage("version: 'v 2' (expected: letters, digits and punctuation, no spaces)");
        assertThatThrownBy(() -> ok.withVersion("v2\r\nX-Evil: 1")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ok.withConcurrency(-1))
            .hasMessage("concurrency: -1 (expected: 0 for no limit, or more)");
        assertThat(ok).isEqualTo(new SampleBackend.Settings("b", Duration.ZERO, Duration.ZERO, 0, "", 0,
            SampleBackend.Settings.DEFAULT_SEED, Duration.ZERO));
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
