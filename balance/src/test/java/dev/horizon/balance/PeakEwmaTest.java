package dev.horizon.balance;

import static dev.horizon.balance.Fixtures.pool;
import static dev.horizon.balance.Fixtures.sequence;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class PeakEwmaTest {

    private static final long MS = 1_000_000L;
    private static final long S = 1_000_000_000L;

    @Test
    void costFollowsPeaksAtOnceAndDecaysTowardFasterSamples() {
        EndpointLoad load = new EndpointLoad();

        load.recordLatency(100 * MS, 0);
        assertThat(load.latencyEwmaNanos(0)).isEqualTo(100.0 * MS);
        // 1 s later, w = exp(-0.1): 100·w + 50·(1-w)
        load.recordLatency(50 * MS, S);
        assertThat(load.latencyEwmaNanos(S) / MS).isCloseTo(95.24187090179797, within(1e-9));
        // a slower sample replaces the cost outright
        load.recordLatency(200 * MS, S + MS);
        assertThat(load.latencyEwmaNanos(S + MS)).isEqualTo(200.0 * MS);
        // 0.999 s later, w = exp(-0.0999): 200·w + 10·(1-w)
        load.recordLatency(10 * MS, 2 * S);
        assertThat(load.latencyEwmaNanos(2 * S) / MS).isCloseTo(181.93630219739921, within(1e-9));
        // reads decay toward zero: 10 s = τ later the cost is divided by e
        assertThat(load.latencyEwmaNanos(12 * S) / MS).isCloseTo(66.93062518117787, within(1e-9));
    }

    @Test
    void endpointWithoutSamplesCostsThirtyMillisecondsWithoutDecay() {
        EndpointLoad load = new EndpointLoad();

        assertThat(load.hasLatencySample()).isFalse();
        assertThat(load.latencyEwmaNanos(0)).isEqualTo(30.0 * MS);
        assertThat(load.latencyEwmaNanos(3_600 * S)).isEqualTo(30.0 * MS);
        // the first sample replaces the estimate, even a faster one
        load.recordLatency(4 * MS, 3_600 * S);
        assertThat(load.latencyEwmaNanos(3_600 * S)).isEqualTo(4.0 * MS);
    }

    @Test
    void customDecayAndInitialCost() {
        EndpointLoad load = new EndpointLoad(Duration.ofSeconds(1), Duration.ofMillis(5));
        assertThat(load.latencyEwmaNanos(0)).isEqualTo(5.0 * MS);

        load.recordLatency(10 * MS, 0);
        load.recordLatency(0, S);
        // w = exp(-1): 10·w
        assertThat(load.latencyEwmaNanos(S) / MS).isCloseTo(10 * Math.exp(-1), within(1e-9));
    }

    @Test
    void rejectsBadSamplesAndSettings() {
        assertThatThrownBy(() -> new EndpointLoad().recordLatency(-1, 0))
            .hasMessage("latency: -1ns (expected: >= 0)");
        assertThatThrownBy(() -> new EndpointLoad(Duration.ZERO, Duration.ofMillis(30)))
            .hasMessage("latency decay: 0s (expected: > 0)");
        assertThatThrownBy(() -> new EndpointLoad(Duration.ofSeconds(10), Duration.ofMillis(-1)))
            .hasMessage("initial latency cost: -1ms (expected: >= 0)");
    }

    @Test
    void picksLowerLatencyTimesPendingRequests() {
        Pool pool = pool("a", "b");
        pool.get(0).load().recordLatency(10 * MS, 0);
        pool.get(1).load().recordLatency(2 * MS, 0);
        LeastRequestTest.setInFlight(pool.get(1), 9);
        long[] now = {0};
        LoadBalancer ewma = LoadBalancer.peakEwma(pool, () -> now[0], Fixtures.seeded(8));

        // a: 10 ms × 1 = 10; b: 2 ms × 10 = 20
        assertThat(sequence(ewma, 20)).isEqualTo("a ".repeat(19) + "a");
        for (int i = 0; i < 6; i++) {
            pool.get(1).load().requestFinished();
        }
        // b: 2 ms × 4 = 8
        assertThat(sequence(ewma, 20)).isEqualTo("b ".repeat(19) + "b");
    }

    @Test
    void weightDividesTheLoad() {
        Pool pool = pool("a:1", "b:3");
        pool.get(0).load().recordLatency(10 * MS, 0);
        pool.get(1).load().recordLatency(10 * MS, 0);
        LeastRequestTest.setInFlight(pool.get(1), 2);
        PeakEwma ewma = new PeakEwma(pool, () -> 0L, Fixtures.seeded(1));

        // a: 10 ms × 1 / 1 = 10 ms; b: 10 ms × 3 / 3 = 10 ms -> tie; one more request on b tips it
        assertThat(ewma.load(0, 0)).isEqualTo(ewma.load(1, 0));
        pool.get(1).load().requestStarted();
        assertThat(sequence(ewma, 10)).isEqualTo("a ".repeat(9) + "a");
    }

    @Test
    void untriedEndpointIsPreferredOverOneSlowerThanThirtyMilliseconds() {
        Pool pool = pool("slow", "new");
        pool.get(0).load().recordLatency(40 * MS, 0);

        assertThat(sequence(LoadBalancer.peakEwma(pool, () -> 0L, Fixtures.seeded(2)), 5))
            .isEqualTo("new new new new new");
    }
}
