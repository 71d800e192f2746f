package dev.horizon.deploy;

import static dev.horizon.deploy.Script.PASS;
import static dev.horizon.deploy.Script.T0;
import static dev.horizon.deploy.Script.at;
import static dev.horizon.deploy.Script.drive;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The canary step machine: every transition, as an event script in and a trace of actions out. */
class CanaryRunTest {

    private static final List<Step> STEPS = DeployConfig.DEFAULT_STEPS;
    private static final Verdict NO_DATA = Verdict.inconclusive("too little data: 3 canary requests in 10s, 50 needed");
    private static final Verdict BAD = Verdict.fail("p99 812ms > max-p99 500ms");

    private static AnalysisSettings limits(int failureLimit, int inconclusiveLimit) {
        AnalysisSettings d = AnalysisSettings.DEFAULTS;
        return new AnalysisSettings(d.interval(), failureLimit, inconclusiveLimit, d.maxErrorRate(), d.maxP99(),
            d.minRequests(), d.confidence(), d.maxLatencyIncrease());
    }

    private static List<String> analyses(long from, long to, int weight) {
        List<String> out = new ArrayList<>();
        for (long t = from; t <= to; t += 10) {
            out.add(t + " ANALYZE " + weight);
        }
        return out;
    }

    @SafeVarargs
    private static List<String> concat(List<String>... parts) {
        List<String> all = new ArrayList<>();
        for (List<String> p : parts) {
            all.addAll(p);
        }
        return all;
    }

    @Test
    void startsAtTheFirstStepsWeight() {
        CanaryRun run = new CanaryRun(STEPS, AnalysisSettings.DEFAULTS, T0);

        assertThat(run.weightBasisPoints()).isEqualTo(500);
        assertThat(run.phase()).isEqualTo(Phase.PROGRESSING);
        assertThat(run.stepIndex()).isZero();
        assertThat(run.stepEndsAt()).isEqualTo(at(60));
        assertThat(run.reason()).isEmpty();
    }

    @Test
    void passingAnalysesCarryTheDefaultStepsToPromotion() {
        CanaryRun run = new CanaryRun(STEPS, AnalysisSettings.DEFAULTS, T0);

        List<String> trace = drive(run, 0, 300, List.of());

        // 5% for 1m (analyses at 10..60s), 25% for 2m (70..180s), 50% until its first pass (190s)
        assertThat(trace).containsExactlyElementsOf(concat(analyses(10, 60, 500), List.of("60 SET_WEIGHT 2500"),
            analyses(70, 180, 2500), List.of("180 SET_WEIGHT 5000", "190 ANALYZE 5000", "190 PROMOTED 10000")));
        assertThat(run.phase()).isEqualTo(Phase.PROMOTED);
        assertThat(run.reason()).isEqualTo("promoted: 3 steps done");
        assertThat(run.tick(at(400))).isEqualTo(Action.NONE);
    }

    @Test
    void eachInconclusiveVerdictExtendsTheStepByOneInterval() {
        CanaryRun run = new CanaryRun(List.of(Step.of(500, Duration.ofSeconds(30)), Step.of(5000)),
            AnalysisSettings.DEFAULTS, T0);

        List<String> trace = drive(run, 0, 60, List.of(NO_DATA, NO_DATA));

        assertThat(trace).containsExactly("10 ANALYZE 500", "20 ANALYZE 500", "30 ANALYZE 500", "40 ANALYZE 500",
            "50 ANALYZE 500", "50 SET_WEIGHT 5000", "60 ANALYZE 5000", "60 PROMOTED 10000");
    }

    @Test
    void aStepNeverEndsWithAnAnalysisOutstanding() {
        CanaryRun run = new CanaryRun(List.of(Step.of(500, Duration.ofSeconds(10)), Step.of(5000)),
            AnalysisSettings.DEFAULTS, T0);

        Action due = run.tick(at(10));
        Action waiting = run.tick(at(15));
        run.record(PASS, at(15));

        assertThat(due).isEqualTo(Action.ANALYZE);
        assertThat(waiting).isEqualTo(Action.NONE);
        assertThat(run.tick(at(15))).isEqualTo(Action.SET_WEIGHT);
        assertThat(run.weightBasisPoints()).isEqualTo(5000);
    }

    @Test
    void tooManyInconclusiveVerdictsInARowPauseAndNeverAbort() {
        CanaryRun run = new CanaryRun(STEPS, AnalysisSettings.DEFAULTS, T0);

        List<String> trace = drive(run, 0, 600, List.of(NO_DATA, NO_DATA, NO_DATA, NO_DATA));

        assertThat(trace).containsExactly("10 ANALYZE 500", "20 ANALYZE 500", "30 ANALYZE 500", "40 ANALYZE 500");
        assertThat(run.phase()).isEqualTo(Phase.PAUSED);
        assertThat(run.weightBasisPoints()).isEqualTo(500);
        assertThat(run.reason()).isEqualTo("paused: 4 inconclusive analyses in a row (inconclusive-limit 3); promote "
            + "to continue or abort");
        assertThat(run.failures()).isZero();
    }

    @Test
    void aPassBreaksTheRunOfInconclusiveVerdicts() {
        CanaryRun run = new CanaryRun(STEPS, AnalysisSettings.DEFAULTS, T0);

        drive(run, 0, 70, List.of(NO_DATA, NO_DATA, NO_DATA, PASS, NO_DATA, NO_DATA, NO_DATA));

        assertThat(run.phase()).isEqualTo(Phase.PROGRESSING);
    }

    @Test
    void theFirstFailureAbortsWithFailureLimitZero() {
        CanaryRun run = new CanaryRun(STEPS, AnalysisSettings.DEFAULTS, T0);

        List<String> trace = drive(run, 0, 100, List.of(PASS, BAD));

        assertThat(trace).containsExactly("10 ANALYZE 500", "20 ANALYZE 500");
        assertThat(run.phase()).isEqualTo(Phase.ABORTED);
        assertThat(run.weightBasisPoints()).isZero();
        assertThat(run.reason()).isEqualTo("p99 812ms > max-p99 500ms");
        assertThat(run.lastVerdict()).isEqualTo(BAD);
    }

    @Test
    void failuresAbortOnlyWhenStrictlyMoreThanTheLimitCountedOverTheWholeRollout() {
        CanaryRun run = new CanaryRun(STEPS, limits(2, 3), T0);

        // one failure in the first step, one in the second: 2 is not more than 2
        drive(run, 0, 100, List.of(BAD, PASS, PASS, PASS, PASS, PASS, PASS, PASS, BAD));
        Phase afterTwo = run.phase();
        drive(run, 101, 120, List.of(BAD));

        assertThat(afterTwo).isEqualTo(Phase.PROGRESSING);
        assertThat(run.phase()).isEqualTo(Phase.ABORTED);
        assertThat(run.failures()).isEqualTo(3);
    }

    @Test
    void promoteResumesAPausedRolloutAndItsStepStartsOver() {
        CanaryRun run = new CanaryRun(STEPS, AnalysisSettings.DEFAULTS, T0);
        drive(run, 0, 40, List.of(NO_DATA, NO_DATA, NO_DATA, NO_DATA));

        run.promote(at(100));

        assertThat(run.phase()).isEqualTo(Phase.PROGRESSING);
        assertThat(run.reason()).isEmpty();
        assertThat(run.stepIndex()).isZero();
        assertThat(run.stepEndsAt()).isEqualTo(at(160));
        assertThat(drive(run, 100, 160, List.of())).containsExactlyElementsOf(concat(analyses(110, 160, 500),
            List.of("160 SET_WEIGHT 2500")));
    }

    @Test
    void promoteSkipsToTheNextStepAndAfterTheLastPromotes() {
        CanaryRun run = new CanaryRun(STEPS, AnalysisSettings.DEFAULTS, T0);

        run.promote(at(5));
        int second = run.weightBasisPoints();
        run.promote(at(6));
        int third = run.weightBasisPoints();
        run.promote(at(7));

        assertThat(second).isEqualTo(2500);
        assertThat(third).isEqualTo(5000);
        assertThat(run.phase()).isEqualTo(Phase.PROMOTED);
        assertThat(run.weightBasisPoints()).isEqualTo(10_000);
    }

    @Test
    void promoteFullyGoesStraightToAllRequests() {
        CanaryRun run = new CanaryRun(STEPS, AnalysisSettings.DEFAULTS, T0);

        run.promoteFully(at(5));

        assertThat(run.phase()).isEqualTo(Phase.PROMOTED);
        assertThat(run.weightBasisPoints()).isEqualTo(10_000);
        assertThat(run.reason()).isEqualTo("promoted fully by hand at step 1 of 3");
    }

    @Test
    void abortSendsEveryRequestBackToStable() {
        CanaryRun run = new CanaryRun(STEPS, AnalysisSettings.DEFAULTS, T0);

        run.abort("aborted by hand");

        assertThat(run.phase()).isEqualTo(Phase.ABORTED);
        assertThat(run.weightBasisPoints()).isZero();
        assertThat(run.reason()).isEqualTo("aborted by hand");
        assertThat(run.tick(at(100))).isEqualTo(Action.NONE);
    }

    @Test
    void retryStartsAnAbortedRolloutAgainWithFreshCounts() {
        CanaryRun run = new CanaryRun(STEPS, AnalysisSettings.DEFAULTS, T0);
        drive(run, 0, 10, List.of(BAD));

        run.retry(at(50));

        assertThat(run.phase()).isEqualTo(Phase.PROGRESSING);
        assertThat(run.weightBasisPoints()).isEqualTo(500);
        assertThat(run.failures()).isZero();
        assertThat(run.lastVerdict()).isNull();
        assertThat(drive(run, 50, 60, List.of())).containsExactly("60 ANALYZE 500");
    }

    @Test
    void commandsOnAFinishedRolloutAreRefused() {
        CanaryRun promoted = new CanaryRun(STEPS, AnalysisSettings.DEFAULTS, T0);
        promoted.promoteFully(T0);

        assertThatThrownBy(() -> promoted.promote(T0)).isInstanceOf(IllegalStateException.class)
            .hasMessage("cannot promote: the rollout is already promoted");
        assertThatThrownBy(() -> promoted.abort("x")).isInstanceOf(IllegalStateException.class)
            .hasMessage("cannot abort: the rollout is already promoted");
        assertThatThrownBy(() -> promoted.retry(T0)).isInstanceOf(IllegalStateException.class)
            .hasMessage("cannot retry: the rollout is promoted (expected: aborted)");
    }

    @Test
    void verdictsArrivingWhilePausedChangeNothing() {
        CanaryRun run = new CanaryRun(STEPS, limits(0, 0), T0);
        drive(run, 0, 10, List.of(NO_DATA));

        run.record(BAD, at(11));

        assertThat(run.phase()).isEqualTo(Phase.PAUSED);
        assertThat(run.failures()).isZero();
    }

    @Test
    void withoutAnalysisStepsRunOnTimeAndAStepWithoutPauseEndsAtOnce() {
        CanaryRun run = new CanaryRun(List.of(Step.of(500, Duration.ofSeconds(30)), Step.of(5000)), null, T0);

        List<String> trace = drive(run, 0, 60, List.of());

        assertThat(trace).containsExactly("30 SET_WEIGHT 5000", "30 PROMOTED 10000");
        assertThatThrownBy(() -> run.record(PASS, T0)).isInstanceOf(IllegalStateException.class)
            .hasMessage("the analysis is off for this rollout");
    }

    @Test
    void restoreResumesTheStepWithItsTimerRestartedAndItsCountsKept() {
        CanaryRun before = new CanaryRun(STEPS, limits(1, 3), T0);
        drive(before, 0, 70, List.of(BAD));
        CanaryRun.State state = before.state();

        CanaryRun after = CanaryRun.restore(state, STEPS, limits(1, 3), at(1000));

        assertThat(state).isEqualTo(new CanaryRun.State(Phase.PROGRESSING, 1, 1, 0, "", PASS));
        assertThat(after.state()).isEqualTo(state);
        assertThat(after.weightBasisPoints()).isEqualTo(2500);
        assertThat(after.stepEndsAt()).isEqualTo(at(1120));
        assertThat(drive(after, 1000, 1010, List.of(BAD))).containsExactly("1010 ANALYZE 2500");
        assertThat(after.phase()).isEqualTo(Phase.ABORTED);
    }

    @Test
    void restoreKeepsAFinishedRolloutFinished() {
        CanaryRun.State aborted = new CanaryRun.State(Phase.ABORTED, 2, 1, 0, "p99 812ms > max-p99 500ms", BAD);

        CanaryRun run = CanaryRun.restore(aborted, STEPS, AnalysisSettings.DEFAULTS, T0);

        assertThat(run.weightBasisPoints()).isZero();
        assertThat(run.tick(at(100))).isEqualTo(Action.NONE);
        assertThat(run.state()).isEqualTo(aborted);
    }

    @Test
    void restoreRefusesAStepThatIsNotThere() {
        CanaryRun.State state = new CanaryRun.State(Phase.PROGRESSING, 3, 0, 0, "", null);

        assertThatThrownBy(() -> CanaryRun.restore(state, STEPS, AnalysisSettings.DEFAULTS, T0))
            .isInstanceOf(IllegalArgumentException.class).hasMessage("step 3 (expected: 0..2)");
    }

    @Test
    void noStepsAreRefused() {
        assertThatThrownBy(() -> new CanaryRun(List.of(), AnalysisSettings.DEFAULTS, T0))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessage("steps: empty (expected: at least one step)");
    }
}
