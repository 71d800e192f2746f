package dev.horizon.control;

import static org.assertj.core.api.Assertions.assertThat;

import dev.horizon.autoscale.Strategy;
import dev.horizon.config.AutoscaleConfig;

import dev.horizon.autoscale.MetricReading;
import dev.horizon.autoscale.MetricSpec;
import dev.horizon.autoscale.MetricTarget;
import dev.horizon.autoscale.ScalingPolicy;
import dev.horizon.fleet.Fleet;
import dev.horizon.fleet.FleetSpec;
import dev.horizon.fleet.FleetStatus;
import dev.horizon.fleet.Membership;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The loop reads its metric feeds every period, and closes them once it has stopped reading. */
class AutoscaleLoopTest {

    /** A fleet that never needs an instance: min 0, and nothing is ever launched. */
    private final Fleet fleet = Fleet.start(FleetSpec.builder("work", List.of("true")).instances(0, 2).build(),
        new LaunchesNothing(), new Membership() {
            @Override
            public void join(String instanceId, String address) {
            }

            @Override
            public void drain(String instanceId) {
            }

            @Override
            public int inFlight(String instanceId) {
                return 0;
            }

            @Override
            public void leave(String instanceId) {
            }

            @Override
            public boolean healthy(String instanceId) {
                return false;
            }
        });

    /** A feed that counts its reads and knows whether it was closed during one. */
    private static final class CountingFeed implements MetricFeed {
        final AtomicInteger reads = new AtomicInteger();
        final AtomicBoolean reading = new AtomicBoolean();
        final AtomicBoolean closed = new AtomicBoolean();
        final AtomicBoolean closedWhileReading = new AtomicBoolean();

        @Override
        public MetricReading read(FleetStatus status) {
            reading.set(true);
            reads.incrementAndGet();
            reading.set(false);
            return new MetricReading.Failed("nothing to read in this test");
        }

        @Override
        public void close() {
            closedWhileReading.set(reading.get());
            closed.set(true);
        }
    }

    /** Min 0, so that with its readings missing the autoscaler keeps the fleet at its 0 instances. */
    private static ScalingPolicy policy() {
        ScalingPolicy p = ScalingPolicy.of(0, 2, new MetricSpec("inflight", new MetricTarget.AverageValue(2)));
        return new ScalingPolicy(p.min(), p.max(), Duration.ofMillis(50), p.tolerance(), p.metrics(), p.behavior(),
            p.steps(), p.schedule());
    }

    @AfterEach
    void stop() {
        fleet.close();
    }

    @Test
    void readsItsFeedsEveryPeriodAndClosesThemWhenItStops() throws InterruptedException {
        CountingFeed feed = new CountingFeed();
        AutoscaleLoop loop = new AutoscaleLoop("work", new AutoscaleConfig(policy(), Map.of(),
            Strategy.HORIZONTAL, null), fleet, Map.of("inflight", feed), Clock.systemUTC(),
            new PrintWriter(new StringWriter()));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (feed.reads.get() < 3 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(feed.reads.get()).isGreaterThanOrEqualTo(3);
        assertThat(feed.closed.get()).isFalse();

        loop.close();
        int readsAtClose = feed.reads.get();

        assertThat(feed.closed.get()).isTrue();
        assertThat(feed.closedWhileReading.get()).isFalse();
        assertThat(feed.reads.get()).isEqualTo(readsAtClose);
    }
}
