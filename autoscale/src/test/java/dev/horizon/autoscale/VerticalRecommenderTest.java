package dev.horizon.autoscale;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.horizon.sizing.Cpu;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The VPA's estimates: floors, confidence, margins and bounds, CPU weights and memory peaks. */
class VerticalRecommenderTest {

    private static final Instant T0 = Instant.parse("2030-01-07T12:00:00Z");
    private static final HistogramBuckets CPU_BUCKETS = HistogramBuckets.exponential(1000, 0.001, 1.05);
    private static final HistogramBuckets MEMORY_BUCKETS = HistogramBuckets.exponential(1e12, 1e7, 1.05);
    private static final long MI = 1 << 20;

    /** Where the bucket holding {@code value} ends: what a percentile landing in it answers. */
    private static double end(HistogramBuckets b, double value) {
        return b.start(b.find(value) + 1);
    }

    private static List<InstanceUsage> cpu(double millicores) {
        return List.of(new InstanceUsage("i0", millicores, null));
    }

    @Test
    void noHistoryGivesTheFloors() {
        Recommendation r = new VerticalRecommender(RecommenderOptions.VPA).recommend();

        assertThat(r.confidence()).isZero();
        assertThat(r.cpu()).isEqualTo(new Recommendation.Estimate(25, 25, 25));
        assertThat(r.memory()).isEqualTo(new Recommendation.Estimate(250.0 * MI, 250.0 * MI, 250.0 * MI));
    }

    @Test
    void confidenceIsSamplesPerMinuteOrLifespanInIntervals() {  // TestConfidenceMultiplier, ...WithCustomInterval
        VerticalRecommender day = new VerticalRecommender(RecommenderOptions.VPA);
        VerticalRecommender custom = new VerticalRecommender(new RecommenderOptions(Duration.ofHours(24),
            Duration.ofHours(24), Duration.ofMinutes(18)));
        for (int i = 0; i < 9; i++) {
            day.record(T0.plus(Duration.ofMinutes(2L * i)), cpu(1000), null);
            custom.record(T0.plus(Duration.ofMinutes(2L * i)), cpu(1000), null);
        }

        assertThat(day.confidence()).isEqualTo(0.00625);  // 9 / (60 × 24)
        assertThat(custom.confidence()).isEqualTo(0.5);   // min(16 / 18, 9 / 18)
    }

    @Test
    void targetIsP90PlusFifteenPercentAndBoundsWidenWithLittleHistory() {
        VerticalRecommender r = new VerticalRecommender(RecommenderOptions.VPA);
        for (int minute = 0; minute <= 2 * 1440; minute++) {  // two days, a sample a minute: confidence 2
            r.record(T0.plus(Duration.ofMinutes(minute)), cpu(1000), Cpu.millicores(1000));
        }
        double bucketEnd = end(CPU_BUCKETS, 1.0) * 1000;

        Recommendation rec = r.recommend();

        assertThat(rec.confidence()).isEqualTo(2.0);
        assertThat(rec.cpu().target()).isCloseTo(bucketEnd * 1.15, within(1e-9));
        assertThat(rec.cpu().upper()).isCloseTo(bucketEnd * 1.15 * 1.5, within(1e-9));
        assertThat(rec.cpu().lower()).isCloseTo(bucketEnd * 1.15 / (1.0005 * 1.0005), within(1e-9));
        assertThat(bucketEnd).isCloseTo(1021, within(1.0));  // the bucket ends 2.1 % above the sample
    }

    @Test
    void cpuSamplesWeighTheirRequestAtLeastATenthOfACore() {
        VerticalRecommender r = new VerticalRecommender(RecommenderOptions.VPA);
        r.record(T0, cpu(1000), Cpu.millicores(50));    // weight max(0.05, 0.1) = 0.1
        r.record(T0, cpu(100), Cpu.millicores(1000));   // weight 1: P90 of 1.1 falls in its bucket

        assertThat(r.recommend().cpu().target()).isCloseTo(end(CPU_BUCKETS, 0.1) * 1000 * 1.15, within(1e-9));
    }

    @Test
    void memoryKeepsOnePeakPerIntervalAndNewerPeaksWeighMore() {
        VerticalRecommender r = new VerticalRecommender(RecommenderOptions.of(Duration.ofMinutes(5)));
        Instant start = Instant.parse("2030-01-07T12:00:00Z");  // an interval boundary
        r.record(start, List.of(new InstanceUsage("i0", 100, 300 * MI)), null);
        r.record(start.plusSeconds(60), List.of(new InstanceUsage("i0", 100, 400 * MI)), null);
        r.record(start.plusSeconds(120), List.of(new InstanceUsage("i0", 100, 200 * MI)), null);
        // the next interval: a peak of 100Mi weighs 2 against the 400Mi peak's 1
        r.record(start.plusSeconds(300), List.of(new InstanceUsage("i0", 100, 100 * MI)), null);

        Recommendation.Estimate memory = r.recommend().memory();

        assertThat(memory.target()).isCloseTo(end(MEMORY_BUCKETS, 400.0 * MI) * 1.15, within(1e-3));
        assertThat(memory.lower()).isEqualTo(250.0 * MI);  // P50 is the 100Mi peak: the floor
    }

    @Test
    void boundsAdmitWhatLiesBetweenThem() {
        Recommendation.Estimate e = new Recommendation.Estimate(100, 200, 300);
        assertThat(List.of(e.admits(99), e.admits(100), e.admits(300), e.admits(301)))
            .containsExactly(false, true, true, false);
    }
}
