package dev.horizon.control;

import static org.assertj.core.api.Assertions.assertThat;

import dev.horizon.autoscale.Strategy;
import dev.horizon.config.AutoscaleConfig;

import dev.horizon.autoscale.LoadHistory;
import dev.horizon.autoscale.MetricReading;
import dev.horizon.autoscale.PredictivePolicy;
import dev.horizon.config.MetricSource;
import dev.horizon.autoscale.MetricSpec;
import dev.horizon.autoscale.MetricTarget;
import dev.horizon.autoscale.ScalingPolicy;
import dev.horizon.fleet.Fleet;
import dev.horizon.fleet.FleetSpec;
import dev.horizon.fleet.FleetStatus;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The loop reads its metric feeds every period, and closes them once it has stopped reading. */
class AutoscaleLoopTest {

    private static final Instant T0 = Instant.parse("2030-01-07T00:00:00Z");
    private static final DateTimeFormatter HH_MM = DateTimeFormatter.ofPattern("HH:mm").withZone(ZoneOffset.UTC);

    /** A fleet that never needs an instance: min 0, and nothing is ever launched. */
    private final Fleet fleet = Fleet.start(FleetSpec.builder("work", List.of("true")).instances(0, 2).build(),
        new LaunchesNothing(), new NoMembership());

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

    /** A forecast-only policy on {@code load:rps}, evaluated every millisecond, that never moves the count. */
    static AutoscaleConfig forecastOnly() {
        ScalingPolicy p = ScalingPolicy.of(0, 2).withPredictive(PredictivePolicy.of("rps", 50)
            .withMode(PredictivePolicy.Mode.FORECAST_ONLY));
        return new AutoscaleConfig(new ScalingPolicy(p.min(), p.max(), Duration.ofMillis(1), p.tolerance(),
            p.metrics(), p.behavior(), p.steps(), p.schedule(), p.predictive()),
            Map.of("load:rps", new MetricSource.ServiceRps()), Strategy.HORIZONTAL, null);
    }

    /** Waits (up to 60 s) until {@code clock} has been read {@code reads} times. */
    static void awaitReads(SteppingClock clock, long reads) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (clock.reads() < reads && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(clock.reads()).isGreaterThanOrEqualTo(reads);
    }

    @AfterEach
    void stop() {
        fleet.close();
    }

    @Test
    void readsItsFeedsEveryPeriodAndClosesThemWhenItStops() throws InterruptedException {
        CountingFeed feed = new CountingFeed();
        AutoscaleLoop loop = new AutoscaleLoop("work", new AutoscaleConfig(policy(), Map.of(),
            Strategy.HORIZONTAL, null), ScaleTarget.of(fleet), Map.of("inflight", feed), Clock.systemUTC(),
            new PrintWriter(new StringWriter()), null);
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

    /**
     * A real restart of the control objects: the first loop lives through a day of minutes and closes (writing the
     * history to the state directory), a second loop on the same file starts with that day and forecasts at once.
     */
    @Test
    void loadHistorySurvivesARestart(@TempDir Path stateDir) throws Exception {
        LoadHistoryFile file = LoadHistoryFile.in(stateDir, "work");
        SteppingClock clock = new SteppingClock(T0, 0);
        Map<String, MetricFeed> sevenRps = Map.of("load:rps", s -> new MetricReading.Single(7));
        AutoscaleLoop first = new AutoscaleLoop("work", forecastOnly(), ScaleTarget.of(fleet), sevenRps, clock,
            new PrintWriter(new StringWriter()), file);
        awaitReads(clock, 1440 + 10);
        first.close();
        long minutes = clock.reads();

        LoadHistory saved = java.util.Objects.requireNonNull(file.read(PredictivePolicy.DEFAULT_HISTORY));
        assertThat(saved.minutes()).isEqualTo(minutes);
        assertThat(saved.oldest()).isEqualTo(T0);
        assertThat(saved.mean(T0.plusSeconds(60 * (minutes - 1)))).hasValue(7);

        StringWriter log = new StringWriter();
        SteppingClock later = new SteppingClock(T0, minutes);
        AutoscaleLoop second = new AutoscaleLoop("work", forecastOnly(), ScaleTarget.of(fleet), sevenRps, later,
            new PrintWriter(log), file);
        assertThat(log.toString()).isEqualTo("horizon: work: load history restored from " + file.path() + " ("
            + minutes + " minutes since 2030-01-07T00:00:00Z)\n");
        awaitReads(later, minutes + 1);
        second.close();

        Instant last = T0.plusSeconds(60 * (later.reads() - 1));
        assertThat(second.explain()).as("every evaluation after the restart forecasts from the day before it")
            .contains("stayed at 0: predictive (forecast only): forecast 7 rps at " + HH_MM.format(last)
                + " → would set at least 1 instance → stays 0").doesNotContain("needs 24h");
        assertThat(java.util.Objects.requireNonNull(file.read(PredictivePolicy.DEFAULT_HISTORY)).minutes())
            .isEqualTo(later.reads());
    }
}
