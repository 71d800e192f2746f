package dev.horizon.showcase;

import static org.assertj.core.api.Assertions.assertThat;

import dev.horizon.testing.Eventually;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The load generator's measurement windows over real sockets (the measurement {@code horizon profile} takes). */
class LoadGeneratorTest {

    @Test
    void aWindowCountsTheAnswersThatArriveInItWithTheirLatencies() throws Exception {
        SampleBackend backend = SampleBackend.start("w", Duration.ofMillis(5), 0,
            new InetSocketAddress("127.0.0.1", 0));
        try (LoadGenerator load = new LoadGenerator(URI.create("http://127.0.0.1:" + backend.address().getPort()
            + "/"), Duration.ofSeconds(10))) {
            load.users(2);
            Eventually.await("a first answer", () -> load.succeeded() > 0);
            load.beginWindow();
            long before = load.succeeded();
            Eventually.await("20 answers in the window", () -> load.succeeded() >= before + 20);
            LoadWindow w = load.endWindow();
            long after = load.succeeded();
            assertThat(w.succeeded()).isBetween(20L - 2, after - before + 2);
            assertThat(w.failed()).isZero();
            assertThat(w.meanMillis()).as("each answer takes the backend's 5ms at least").isGreaterThanOrEqualTo(5);
            assertThat(w.p50Millis()).isGreaterThanOrEqualTo(5);
            assertThat(w.p95Millis()).isGreaterThanOrEqualTo(w.p50Millis());
            assertThat(w.throughput()).isEqualTo(w.succeeded() / (w.length().toNanos() / 1e9));
        } finally {
            backend.stop(Duration.ZERO);
        }
    }

    @Test
    void failedRequestsCountInTheWindowButHaveNoLatency() throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        try (LoadGenerator load = new LoadGenerator(URI.create("http://127.0.0.1:" + closed + "/"),
            Duration.ofSeconds(2))) {
            load.beginWindow();
            load.users(1);
            Eventually.await("a failure", () -> load.failed() > 0);
            LoadWindow w = load.endWindow();
            assertThat(w.succeeded()).isZero();
            assertThat(w.failed()).isPositive();
            assertThat(w.meanMillis()).isZero();
            assertThat(w.p50Millis()).isZero();
            assertThat(w.throughput()).isZero();
            assertThat(load.failures().keySet()).allMatch(r -> r.startsWith("ConnectException"));
        }
    }

    @Test
    void anEndedWindowStartsTheNextOneEmpty() throws InterruptedException {
        try (LoadGenerator load = new LoadGenerator(URI.create("http://127.0.0.1:1/"), Duration.ofSeconds(1))) {
            LoadWindow first = load.endWindow();
            LoadWindow second = load.endWindow();
            assertThat(first.succeeded() + first.failed() + second.succeeded() + second.failed()).isZero();
        }
    }
}
