package dev.horizon.autoscale;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongToDoubleFunction;
import org.junit.jupiter.api.Test;

/**
 * Predictive scaling through the {@link Autoscaler}: the seasonal naive forecast on synthetic series at minute
 * resolution, AWS's semantics (24 h of history, a floor that never scales in, the largest proposal wins,
 * forecast-only), the buffer's look-ahead, and what the decision says.
 */
class PredictiveScalingTest {

    /** A Monday, midnight UTC. */
    private static final Instant T0 = Instant.parse("2030-01-07T00:00:00Z");
    private static final MetricSpec INFLIGHT = new MetricSpec("inflight", new MetricTarget.AverageValue(20));
    private static final PredictivePolicy RPS_50 = PredictivePolicy.of("rps", 50);
    /** Up to 100 instances more per 15 s, so a forecast's count shows whole. */
    private static final Behavior FAST_UP = new Behavior(new Rules(Duration.ZERO,
        List.of(RatePolicy.instances(100, Duration.ofSeconds(15))), Select.MAX), Rules.DEFAULT_SCALE_DOWN);
    /** 500 ± 400 rps over a day, at minute resolution. */
    private static final LongToDoubleFunction DAILY_SINE = m -> 500 + 400 * Math.sin(2 * Math.PI * (m % 1440) / 1440);

    private static Instant minute(long m) {
        return T0.plusSeconds(60 * m);
    }

    /** A history with {@code load(m)} for each minute {@code m} in {@code [0, minutes)} from {@link #T0}. */
    private static LoadHistory history(long minutes, LongToDoubleFunction load) {
        LoadHistory h = new LoadHistory(PredictivePolicy.DEFAULT_HISTORY);
        for (long m = 0; m < minutes; m++) {
            h.record(minute(m), load.applyAsDouble(m));
        }
        return h;
    }

    private static Autoscaler autoscaler(ScalingPolicy policy, LoadHistory history) {
        Autoscaler a = new Autoscaler(policy);
        a.restoreLoadHistory(history);
        return a;
    }

    private static Map<String, MetricReading> load(double rps) {
        return Map.of("load:rps", MetricReading.single(rps));
    }

    private static MetricReading inflight(int instances, double each) {
        List<InstanceSample> samples = new ArrayList<>();
        for (int i = 0; i < instances; i++) {
            samples.add(InstanceSample.of("i" + i, each));
        }
        return MetricReading.of(samples);
    }

    private static Proposal predictive(Decision d) {
        return d.proposals().getLast();
    }

    @Test
    void theShortestHistoryStillForecastsWithTheLongestBuffer() {
        // 25h kept, a buffer of an hour: the minute a day before now + 1h is still in the ring, and 24h fit beside it
        PredictivePolicy tight = new PredictivePolicy(PredictivePolicy.Mode.FORECAST_AND_SCALE, "rps", 50,
            Duration.ofHours(1), Duration.ofHours(25));
        Autoscaler a = new Autoscaler(ScalingPolicy.of(1, 100).withPredictive(tight));
        for (long m = 0; m < 3 * 1440 - 1; m++) {
            a.evaluate(minute(m).plusSeconds(30), 1, load(DAILY_SINE.applyAsDouble(m)), FleetFacts.steady(1));
        }
        long m = 3 * 1440 - 1;
        Decision last = a.evaluate(minute(m).plusSeconds(30), 1, load(DAILY_SINE.applyAsDouble(m)),
            FleetFacts.steady(1));
        assertThat(predictive(last).replicas()).isNotNull();
        assertThat(last.explanation()).contains("predictive: forecast ");
    }

    @Test
    void afterADayTheForecastIsYesterdaysSameMinute() {
        PredictivePolicy noBuffer = RPS_50.withBuffer(Duration.ZERO);
        Autoscaler a = autoscaler(ScalingPolicy.of(1, 100).withPredictive(noBuffer), history(1440, DAILY_SINE));

        for (long m = 1440; m < 1440 + 1440; m += 97) {
            Decision d = a.evaluate(minute(m).plusSeconds(30), 1, load(DAILY_SINE.applyAsDouble(m)),
                FleetFacts.steady(1));

            double yesterday = DAILY_SINE.applyAsDouble(m - 1440);
            assertThat(predictive(d).observed()).as("minute %d", m).isEqualTo(yesterday);
            assertThat(predictive(d).replicas()).isEqualTo((int) Math.ceil(yesterday / 50));
        }
    }

    @Test
    void theAutoscalerRecordsTheLoadReadingEachEvaluationAsPerMinuteMeans() {
        Autoscaler a = new Autoscaler(ScalingPolicy.of(1, 100).withPredictive(RPS_50.withBuffer(Duration.ZERO)));
        for (long m = 0; m < 1440; m++) {
            a.evaluate(minute(m), 1, load(100 + m % 7), FleetFacts.steady(1));
            a.evaluate(minute(m).plusSeconds(30), 1, load(200 + m % 7), FleetFacts.steady(1));
        }

        Decision d = a.evaluate(minute(1440 + 3), 1, load(0), FleetFacts.steady(1));

        LoadHistory h = java.util.Objects.requireNonNull(a.loadHistory());
        assertThat(h.minutes()).isEqualTo(1441);
        assertThat(h.mean(minute(3))).hasValue(153);
        assertThat(predictive(d).observed()).isEqualTo(153);
        assertThat(predictive(d).reason()).isEqualTo("predictive: forecast 153 rps at 00:03 → at least 4 instances");
    }

    @Test
    void withAWeekOfHistoryTheForecastIsLastWeeksValue() {
        // every day of the week has its own level: Monday 100, Tuesday 200, ... Sunday 700
        LongToDoubleFunction weekly = m -> 100.0 * (m / 1440 % 7 + 1) + m % 1440;
        Autoscaler a = autoscaler(ScalingPolicy.of(1, 100).withPredictive(RPS_50.withBuffer(Duration.ZERO)),
            history(7 * 1440, weekly));

        Decision monday = a.evaluate(minute(7 * 1440 + 600), 1, load(0), FleetFacts.steady(1));

        assertThat(predictive(monday).observed()).isEqualTo(100 + 600);  // last Monday's 10:00, not Sunday's 1300
        assertThat(predictive(monday).reason()).isEqualTo("predictive: forecast 700 rps at 10:00 → at least 14 "
            + "instances");
    }

    @Test
    void withLessThanADayItDoesNothingAndSaysWhy() {
        Autoscaler a = autoscaler(ScalingPolicy.of(1, 100, INFLIGHT).withPredictive(RPS_50),
            history(1439, m -> 5000));
        Map<String, MetricReading> readings = new HashMap<>(load(5000));
        readings.put("inflight", inflight(2, 20));

        Decision d = a.evaluate(minute(1439).plusSeconds(59), 2, readings, FleetFacts.steady(2));

        assertThat(d.desired()).isEqualTo(2);
        assertThat(predictive(d).replicas()).isNull();
        assertThat(d.explanation()).isEqualTo("inflight averaged 20.0 per ready instance against a target of 20 "
            + "(ratio 1.00) is within tolerance → stays 2; predictive: 23h59m of history, needs 24h");
        Autoscaler fresh = new Autoscaler(ScalingPolicy.of(1, 100, INFLIGHT).withPredictive(RPS_50));
        assertThat(predictive(fresh.evaluate(minute(180), 2, Map.of("inflight", inflight(2, 20)),
            FleetFacts.steady(2))).reason()).isEqualTo("predictive: no load history yet, needs 24h; load:rps not "
                + "recorded: no reading");
        Autoscaler threeHours = autoscaler(ScalingPolicy.of(1, 100).withPredictive(RPS_50), history(180, m -> 1));
        assertThat(threeHours.evaluate(minute(180), 2, load(1), FleetFacts.steady(2)).explanation())
            .isEqualTo("predictive: 3h of history, needs 24h → stays 2");
    }

    @Test
    void itNeverScalesInByItself() {
        Autoscaler a = autoscaler(ScalingPolicy.of(1, 100).withPredictive(RPS_50), history(1440, m -> 100));

        Decision d = a.evaluate(minute(1440), 5, load(100), FleetFacts.steady(5));

        assertThat(d.desired()).isEqualTo(5);
        assertThat(predictive(d).replicas()).isEqualTo(2);
        assertThat(d.explanation()).isEqualTo("predictive: forecast 100 rps at 00:00 → at least 2 instances → stays "
            + "5");
    }

    @Test
    void theLargestProposalWinsAgainstTargetTracking() {
        LoadHistory spikeAt1405 = history(1440, m -> m == 14 * 60 + 5 ? 412 : 100);
        ScalingPolicy policy = ScalingPolicy.of(1, 100, INFLIGHT).withBehavior(FAST_UP).withPredictive(RPS_50);
        Map<String, MetricReading> calm = new HashMap<>(load(100));
        calm.put("inflight", inflight(3, 20));
        Map<String, MetricReading> busy = new HashMap<>(load(100));
        busy.put("inflight", inflight(3, 80));

        Decision predicted = autoscaler(policy, spikeAt1405).evaluate(minute(1440 + 14 * 60), 3, calm,
            FleetFacts.steady(3));
        Decision reactive = autoscaler(policy, spikeAt1405).evaluate(minute(1440 + 14 * 60), 3, busy,
            FleetFacts.steady(3));

        assertThat(predicted.desired()).isEqualTo(9);
        assertThat(predicted.explanation()).isEqualTo("predictive: forecast 412 rps at 14:05 → at least 9 "
            + "instances");
        assertThat(reactive.desired()).isEqualTo(12);
        assertThat(reactive.explanation()).isEqualTo("inflight averaged 80.0 per ready instance against a target of "
            + "20 (ratio 4.00) × 3 ready → 12; predictive: forecast 412 rps at 14:05 → at least 9 instances");
        assertThat(DecisionLog.line(predicted, ZoneId.of("UTC"))).isEqualTo("14:00:00 scaled 3 → 9: predictive: "
            + "forecast 412 rps at 14:05 → at least 9 instances");
    }

    @Test
    void aFloorBelowTheCurrentCountLimitsAReactiveScaleIn() {
        Behavior quickDown = new Behavior(Rules.DEFAULT_SCALE_UP, new Rules(Duration.ZERO,
            List.of(RatePolicy.percent(100, Duration.ofSeconds(15))), Select.MAX));
        ScalingPolicy policy = ScalingPolicy.of(1, 100, INFLIGHT).withBehavior(quickDown).withPredictive(RPS_50);
        Map<String, MetricReading> idle = new HashMap<>(load(100));
        idle.put("inflight", inflight(10, 2));

        Decision d = autoscaler(policy, history(1440, m -> 300)).evaluate(minute(1440), 10, idle,
            FleetFacts.steady(10));

        assertThat(d.desired()).isEqualTo(6);
        assertThat(d.proposals()).extracting(Proposal::replicas).containsExactly(1, 6);
    }

    @Test
    void forecastOnlyChangesNothingButSaysWhatItWouldHaveDone() {
        ScalingPolicy policy = ScalingPolicy.of(1, 100, INFLIGHT)
            .withPredictive(RPS_50.withMode(PredictivePolicy.Mode.FORECAST_ONLY));
        Map<String, MetricReading> calm = new HashMap<>(load(100));
        calm.put("inflight", inflight(3, 20));
        Autoscaler a = autoscaler(policy, history(1440, m -> m == 14 * 60 + 5 ? 412 : 100));

        Decision d = a.evaluate(minute(1440 + 14 * 60), 3, calm, FleetFacts.steady(3));

        assertThat(d.desired()).isEqualTo(3);
        assertThat(predictive(d).replicas()).isNull();
        assertThat(predictive(d).observed()).isEqualTo(412);
        assertThat(a.log().explain()).isEqualTo("14:00:00 stayed at 3: inflight averaged 20.0 per ready instance "
            + "against a target of 20 (ratio 1.00) is within tolerance → stays 3; predictive (forecast only): "
            + "forecast 412 rps at 14:05 → would set at least 9 instances\n");
    }

    @Test
    void theBufferLooksAheadOverTheWholeWindow() {
        LoadHistory spikeAt1405 = history(1440, m -> m == 14 * 60 + 5 ? 412 : 100);
        ScalingPolicy fiveMinutes = ScalingPolicy.of(1, 100).withBehavior(FAST_UP).withPredictive(RPS_50);
        ScalingPolicy fourMinutes = fiveMinutes.withPredictive(RPS_50.withBuffer(Duration.ofMinutes(4)));

        Decision early = autoscaler(fiveMinutes, spikeAt1405).evaluate(minute(1440 + 13 * 60 + 59), 2, load(100),
            FleetFacts.steady(2));
        Decision ahead = autoscaler(fiveMinutes, spikeAt1405).evaluate(minute(1440 + 14 * 60), 2, load(100),
            FleetFacts.steady(2));
        Decision during = autoscaler(fiveMinutes, spikeAt1405).evaluate(minute(1440 + 14 * 60 + 3), 2, load(100),
            FleetFacts.steady(2));
        Decision shortBuffer = autoscaler(fourMinutes, spikeAt1405).evaluate(minute(1440 + 14 * 60), 2, load(100),
            FleetFacts.steady(2));

        assertThat(early.desired()).isEqualTo(2);
        assertThat(ahead.desired()).isEqualTo(9);
        assertThat(during.desired()).as("the spike is still inside the window").isEqualTo(9);
        assertThat(shortBuffer.desired()).isEqualTo(2);
        assertThat(shortBuffer.explanation()).isEqualTo("predictive: forecast 100 rps at 14:00 → at least 2 instances "
            + "→ stays 2");
    }

    @Test
    void boundsClampTheForecastAndScheduledActionsStillOverride() {
        ScheduledAction noon = new ScheduledAction(Cron.parse("0 12 * * *"), ZoneId.of("UTC"), null, null, 4);
        ScalingPolicy policy = ScalingPolicy.of(1, 6).withBehavior(FAST_UP).withPredictive(RPS_50)
            .withSchedule(List.of(noon));
        Autoscaler a = autoscaler(policy, history(1440, m -> 1000));

        Decision capped = a.evaluate(minute(1440 + 11 * 60), 2, load(1000), FleetFacts.steady(2));
        Decision scheduled = a.evaluate(minute(1440 + 12 * 60), 6, load(1000), FleetFacts.steady(6));

        assertThat(capped.desired()).isEqualTo(6);
        assertThat(capped.explanation()).isEqualTo("predictive: forecast 1000 rps at 11:00 → at least 20 instances; "
            + "capped at the maximum 6");
        assertThat(scheduled.desired()).isEqualTo(4);
        assertThat(scheduled.explanation()).isEqualTo("scheduled action \"0 12 * * *\" UTC set 4; predictive: "
            + "forecast 1000 rps at 12:00 → at least 20 instances");
        assertThat(java.util.Objects.requireNonNull(a.loadHistory()).mean(minute(1440 + 12 * 60))).hasValue(1000);
    }

    @Test
    void aReloadKeepsTheHistoryOfTheSameMetric() {
        Autoscaler a = autoscaler(ScalingPolicy.of(1, 100).withPredictive(RPS_50), history(1440, m -> 100));

        a.reconfigure(ScalingPolicy.of(1, 100).withPredictive(PredictivePolicy.of("rps", 25)));
        Decision kept = a.evaluate(minute(1440), 1, load(100), FleetFacts.steady(1));
        a.reconfigure(ScalingPolicy.of(1, 100).withPredictive(PredictivePolicy.of("queue", 25)));

        assertThat(kept.desired()).isEqualTo(4);
        assertThat(java.util.Objects.requireNonNull(a.loadHistory()).minutes()).isZero();
        a.reconfigure(ScalingPolicy.of(1, 100));
        assertThat(a.loadHistory()).isNull();
        assertThatThrownBy(() -> a.restoreLoadHistory(history(1, m -> 1))).isInstanceOf(IllegalStateException.class)
            .hasMessage("no autoscale.predictive policy: there is no load history to restore");
    }

    @Test
    void aPerInstanceOrFailedLoadReadingIsNotRecordedAndSaysSo() {
        Autoscaler a = autoscaler(ScalingPolicy.of(1, 100).withPredictive(RPS_50), history(1440, m -> 100));

        Decision perInstance = a.evaluate(minute(1440), 2, Map.of("load:rps", inflight(2, 50)),
            FleetFacts.steady(2));
        Decision failed = a.evaluate(minute(1441), 2, Map.of("load:rps", MetricReading.failed("gateway down")),
            FleetFacts.steady(2));

        assertThat(predictive(perInstance).reason()).isEqualTo("predictive: forecast 100 rps at 00:00 → at least 2 "
            + "instances; load:rps not recorded: expected one service-wide value, not per-instance samples");
        assertThat(predictive(failed).reason()).endsWith("; load:rps not recorded: gateway down");
        assertThat(java.util.Objects.requireNonNull(a.loadHistory()).minutes()).isEqualTo(1440);
    }

    @Test
    void policyValuesAreChecked() {
        assertThatThrownBy(() -> PredictivePolicy.of("rps", 0)).hasMessage("target: 0.0 (expected: a positive number)");
        assertThatThrownBy(() -> RPS_50.withBuffer(Duration.ofMinutes(61)))
            .hasMessage("buffer: 3660s (expected: 0s..1h)");
        assertThatThrownBy(() -> new PredictivePolicy(PredictivePolicy.Mode.FORECAST_AND_SCALE, "rps", 50,
            Duration.ZERO, Duration.ofHours(23))).hasMessage("history: 23h (expected: whole minutes from 25h to 60d)");
        assertThat(RPS_50.reading()).isEqualTo("load:rps");
        assertThat(PredictivePolicy.Mode.FORECAST_ONLY.text()).isEqualTo("forecast-only");
    }

    @Test
    void aMinuteMissingAWeekAgoFallsBackToADayAgoAndAWindowWithNeitherSaysSo() {
        LoadHistory h = new LoadHistory(PredictivePolicy.DEFAULT_HISTORY);
        for (long m = 0; m < 8 * 1440; m++) {
            boolean lastWeekDown = m >= 1440 + 600 && m < 1440 + 700;  // Horizon was down
            boolean yesterdayDown = m >= 7 * 1440 + 600 && m < 7 * 1440 + 610;
            if (!lastWeekDown && !yesterdayDown) {
                h.record(minute(m), m / 1440 * 100 + 100);
            }
        }
        ScalingPolicy policy = ScalingPolicy.of(1, 100).withPredictive(RPS_50.withBuffer(Duration.ZERO));

        Decision fallback = autoscaler(policy, h).evaluate(minute(8 * 1440 + 620), 1, Map.of(),
            FleetFacts.steady(1));
        Decision neither = autoscaler(policy, h).evaluate(minute(8 * 1440 + 605), 1, Map.of(),
            FleetFacts.steady(1));

        assertThat(predictive(fallback).observed()).as("yesterday's (day 7) 800, not last week's (day 1) 200")
            .isEqualTo(800);
        assertThat(predictive(neither).reason()).isEqualTo("predictive: no load recorded at 10:05 a week or a day ago; "
            + "load:rps not recorded: no reading");
    }

    @Test
    void theFirstMinuteOfHistoryReadsAsUnderAMinute() {
        Autoscaler a = new Autoscaler(ScalingPolicy.of(1, 100).withPredictive(RPS_50));

        assertThat(predictive(a.evaluate(minute(0), 1, load(5), FleetFacts.steady(1))).reason())
            .isEqualTo("predictive: under a minute of history, needs 24h");
        assertThat(predictive(a.evaluate(minute(61), 1, load(5), FleetFacts.steady(1))).reason())
            .isEqualTo("predictive: 1h1m of history, needs 24h");
    }
}
