package dev.horizon.gateway.internal;

import static dev.horizon.gateway.internal.ResponseRelayTest.GET;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.horizon.gateway.RetryPolicy;
import dev.horizon.gateway.ServicesView.RecordedSecond;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/**
 * The per-second ring: exact counts by status class, gaps, wrap-around, percentiles, and a request through the proxy.
 */
class TrafficRecordingTest {

    private static final long T = 1_780_000_000L;

    private static RecordedSecond empty(long second) {
        return counts(second, 0, 0, 0, 0, 0, 0, 0);
    }

    /** A second without percentiles: its counts of 1xx–3xx, 4xx, 429, 5xx, shed, 504 and no answer. */
    private static RecordedSecond counts(long second, long... c) {
        return new RecordedSecond(second, c[0], c[1], c[2], c[3], c[4], c[5], c[6], Double.NaN, Double.NaN,
            Double.NaN);
    }

    @Test
    void countsEachRequestInTheSecondItArrivedInByStatusClass() {
        TrafficRecording r = new TrafficRecording(60);
        for (int status : new int[] {200, 204, 301, 404, 408, 429, 429, 500, 502, 503, 503, 504, 0}) {
            r.record(T, status);
        }
        r.recordShed(T);
        r.record(T + 1, 200);

        assertThat(r.read(T, T + 1)).containsExactly(counts(T, 3, 2, 2, 4, 1, 1, 1),
            counts(T + 1, 1, 0, 0, 0, 0, 0, 0));
        RecordedSecond first = r.read(T, T).getFirst();
        assertThat(first.arrivals()).isEqualTo(14);
        assertThat(first.served()).as("1xx to 4xx").isEqualTo(7);
        assertThat(first.rejected()).as("5xx but 504, shed included").isEqualTo(5);
    }

    @Test
    void secondsWithoutRequestsReadAsZero() {
        TrafficRecording r = new TrafficRecording(60);
        r.record(T, 200);
        r.record(T + 3, 200);

        assertThat(r.read(T, T + 4)).extracting(RecordedSecond::arrivals).containsExactly(1L, 0L, 0L, 1L, 0L);
        assertThat(r.read(T + 1, T + 2)).containsExactly(empty(T + 1), empty(T + 2));
    }

    @Test
    void aSecondARingLengthOldIsOverwrittenAndALateRequestForItIsDropped() {
        TrafficRecording r = new TrafficRecording(4);
        r.record(T, 200);
        r.record(T, 200);
        r.record(T + 4, 503);
        r.record(T, 200);

        assertThat(r.read(T + 1, T + 4)).containsExactly(empty(T + 1), empty(T + 2), empty(T + 3),
            counts(T + 4, 0, 0, 0, 1, 0, 0, 0));
    }

    @Test
    void readsNoFurtherBackThanTheRingKeeps() {
        TrafficRecording r = new TrafficRecording(4);
        for (long s = T; s < T + 10; s++) {
            r.record(s, 200);
        }

        assertThat(r.read(0, T + 9)).extracting(RecordedSecond::epochSecond)
            .containsExactly(T + 6, T + 7, T + 8, T + 9);
        assertThat(r.read(T + 8, T + 9)).extracting(RecordedSecond::arrivals).containsExactly(1L, 1L);
    }

    @Test
    void concurrentRecordersLoseNoCountEvenWhenTheFirstOfThemStartsTheSecond() throws Exception {
        TrafficRecording r = new TrafficRecording(4);
        r.record(T, 200);
        int threads = 4;
        int each = 50_000;
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> started = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            started.add(Thread.ofPlatform().start(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                for (int i = 0; i < each; i++) {
                    r.record(T + 4, 200);
                }
            }));
        }
        go.countDown();
        for (Thread t : started) {
            t.join();
        }

        assertThat(r.read(T + 4, T + 4).getFirst().served()).isEqualTo((long) threads * each);
    }

    @Test
    void copiesEachWholeSecondsPercentilesFromTheLatencyWindowToItsEpochSecond() {
        LatencyWindow window = new LatencyWindow();
        long second = 1_000_000_000L;
        for (int i = 1; i <= 100; i++) {
            window.record(i * 1_000_000L, 5 * second + 100);
        }
        TrafficRecording r = new TrafficRecording(60);
        // the monotonic clock reads 6.2 s when the wall clock reads T + 0.5 s: second 5's middle was at T - 0.2 s
        r.harvest(window, 6 * second + 200_000_000L, T * 1000 + 500);

        RecordedSecond s = r.read(T - 1, T - 1).getFirst();
        assertThat(new double[] {s.p50Ms(), s.p95Ms(), s.p99Ms()}).containsExactly(
            LatencyWindow.middleMicros(LatencyWindow.bucket(50_000_000L)) / 1000.0,
            LatencyWindow.middleMicros(LatencyWindow.bucket(95_000_000L)) / 1000.0,
            LatencyWindow.middleMicros(LatencyWindow.bucket(99_000_000L)) / 1000.0);
        // 50 ms is in the bucket of 49,152 to 57,343 µs: its middle
        assertThat(s.p50Ms()).isEqualTo(53.248);
        assertThat(r.read(T, T).getFirst().p95Ms()).isNaN();
    }

    @Test
    void aRequestThroughTheProxyIsCountedInItsArrivalSecondWhenItEnds() {
        try (ProxyHarness proxy = ProxyHarness.of(new RetryPolicy(0, 20, 3, false))) {
            TrafficRecording r = proxy.shop().recording();
            proxy.send(GET);
            proxy.elapse(Duration.ofMillis(1500));
            assertThat(r.read(T, T + 1)).extracting(RecordedSecond::arrivals).containsExactly(0L, 0L);

            proxy.answer(0, "HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\n\r\n");
            proxy.send(GET.replace("r1", "r2"));
            proxy.answer(proxy.backends.size() - 1, "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n");

            assertThat(r.read(T, T + 1)).containsExactly(
                counts(T, 0, 0, 0, 1, 0, 0, 0), counts(T + 1, 1, 0, 0, 0, 0, 0, 0));
        }
    }

    @Test
    void aRingOfNoSecondsIsRefused() {
        assertThatThrownBy(() -> new TrafficRecording(0)).isInstanceOf(IllegalArgumentException.class)
            .hasMessage("seconds: 0 (expected: 1 or more)");
    }
}
