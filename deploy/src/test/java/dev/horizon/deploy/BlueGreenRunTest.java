package dev.horizon.deploy;

import static dev.horizon.deploy.Script.PASS;
import static dev.horizon.deploy.Script.T0;
import static dev.horizon.deploy.Script.at;
import static dev.horizon.deploy.Script.drive;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Blue-green: preview, pre-promotion analysis, the switch, the scale-down delay and undo. */
class BlueGreenRunTest {

    private static final Duration DELAY = BlueGreenRun.DEFAULT_SCALE_DOWN_DELAY;
    private static final Verdict NO_DATA = Verdict.inconclusive("too little data: 0 canary requests in 10s, 50 needed");
    private static final Verdict BAD = Verdict.fail("error rate 20% (40 of 200) > max-error-rate 1%");

    @Test
    void autoPromoteWithoutAnalysisSwitchesAtOnceAndRetiresTheOldAfterTheDelay() {
        BlueGreenRun run = new BlueGreenRun(null, true, DELAY, T0);

        List<String> trace = drive(run, 0, 60, List.of());

        assertThat(trace).containsExactly("0 PROMOTED 10000", "30 RETIRE_OLD 10000");
        assertThat(run.reason()).isEqualTo("promoted: auto-promote");
        assertThat(run.oldCanGo(at(29))).isTrue();
    }

    @Test
    void theOldMayGoOnlyOnceTheDelayHasPassed() {
        BlueGreenRun run = new BlueGreenRun(null, true, DELAY, T0);
        run.tick(at(5));

        assertThat(run.oldCanGo(at(34))).isFalse();
        assertThat(run.oldCanGo(at(35))).isTrue();
    }

    @Test
    void withoutAutoPromoteThePreviewWaitsForAPerson() {
        BlueGreenRun run = new BlueGreenRun(null, false, DELAY, T0);

        List<String> idle = drive(run, 0, 100, List.of());
        Phase waiting = run.phase();
        run.promote(at(120));

        assertThat(idle).isEmpty();
        assertThat(waiting).isEqualTo(Phase.PAUSED);
        assertThat(run.phase()).isEqualTo(Phase.PROMOTED);
        assertThat(run.weightBasisPoints()).isEqualTo(10_000);
        assertThat(run.reason()).isEqualTo("promoted by hand");
        assertThat(drive(run, 121, 200, List.of())).containsExactly("150 RETIRE_OLD 10000");
    }

    @Test
    void thePreviewGetsNoWeight() {
        BlueGreenRun run = new BlueGreenRun(null, false, DELAY, T0);

        assertThat(run.weightBasisPoints()).isZero();
        assertThat(run.reason()).isEqualTo("preview: waiting for promote");
    }

    @Test
    void aPassingPrePromotionAnalysisSwitchesWithAutoPromote() {
        BlueGreenRun run = new BlueGreenRun(AnalysisSettings.DEFAULTS, true, DELAY, T0);

        List<String> trace = drive(run, 0, 100, List.of(NO_DATA, PASS));

        assertThat(trace).containsExactly("10 ANALYZE 0", "20 ANALYZE 0", "20 PROMOTED 10000", "50 RETIRE_OLD 10000");
        assertThat(run.reason()).isEqualTo("promoted: pre-promotion analysis passed");
    }

    @Test
    void aPassingPrePromotionAnalysisWaitsForPromoteWithoutAutoPromote() {
        BlueGreenRun run = new BlueGreenRun(AnalysisSettings.DEFAULTS, false, DELAY, T0);

        List<String> trace = drive(run, 0, 100, List.of());

        assertThat(trace).containsExactly("10 ANALYZE 0");
        assertThat(run.phase()).isEqualTo(Phase.PAUSED);
        assertThat(run.reason()).isEqualTo("preview: pre-promotion analysis passed; waiting for promote");
    }

    @Test
    void aFailingPrePromotionAnalysisAborts() {
        BlueGreenRun run = new BlueGreenRun(AnalysisSettings.DEFAULTS, true, DELAY, T0);

        List<String> trace = drive(run, 0, 100, List.of(BAD));

        assertThat(trace).containsExactly("10 ANALYZE 0");
        assertThat(run.phase()).isEqualTo(Phase.ABORTED);
        assertThat(run.reason()).isEqualTo("error rate 20% (40 of 200) > max-error-rate 1%");
        assertThat(run.weightBasisPoints()).isZero();
        assertThat(run.failures()).isEqualTo(1);
    }

    @Test
    void anIdlePreviewPausesAsInconclusive() {
        BlueGreenRun run = new BlueGreenRun(AnalysisSettings.DEFAULTS, true, DELAY, T0);

        drive(run, 0, 100, List.of(NO_DATA, NO_DATA, NO_DATA, NO_DATA));

        assertThat(run.phase()).isEqualTo(Phase.PAUSED);
        assertThat(run.reason()).isEqualTo("paused: 4 inconclusive analyses in a row (inconclusive-limit 3); promote "
            + "to continue or abort");
    }

    @Test
    void undoWithinTheDelaySendsEveryRequestBack() {
        BlueGreenRun run = new BlueGreenRun(null, true, DELAY, T0);
        run.tick(T0);

        run.undo(at(29));

        assertThat(run.phase()).isEqualTo(Phase.ROLLED_BACK);
        assertThat(run.weightBasisPoints()).isZero();
        assertThat(run.reason()).isEqualTo("rolled back by hand: the old revision serves every request again");
        assertThat(run.oldCanGo(at(100))).isFalse();
        assertThat(run.tick(at(100))).isEqualTo(Action.NONE);
    }

    @Test
    void undoAfterTheDelayIsRefused() {
        BlueGreenRun run = new BlueGreenRun(null, true, DELAY, T0);
        run.tick(T0);

        assertThatThrownBy(() -> run.undo(at(30))).isInstanceOf(IllegalStateException.class)
            .hasMessage("cannot undo: scale-down-delay 30s has passed since the switch and the old revision is gone "
                + "(deploy it again)");
    }

    @Test
    void undoBeforeTheSwitchAndAbortAfterItAreRefused() {
        BlueGreenRun preview = new BlueGreenRun(null, false, DELAY, T0);
        BlueGreenRun switched = new BlueGreenRun(null, true, DELAY, T0);
        switched.tick(T0);

        assertThatThrownBy(() -> preview.undo(T0)).isInstanceOf(IllegalStateException.class)
            .hasMessage("cannot undo: the rollout is paused (expected: promoted; abort the preview instead)");
        assertThatThrownBy(() -> switched.abort("x")).isInstanceOf(IllegalStateException.class)
            .hasMessage("cannot abort: the rollout is already promoted (undo it instead)");
        assertThatThrownBy(() -> switched.promote(T0)).isInstanceOf(IllegalStateException.class)
            .hasMessage("cannot promote: the rollout is already promoted");
    }

    @Test
    void abortingThePreviewLeavesTheOldServing() {
        BlueGreenRun run = new BlueGreenRun(null, false, DELAY, T0);

        run.abort("aborted by hand");

        assertThat(run.phase()).isEqualTo(Phase.ABORTED);
        assertThat(run.weightBasisPoints()).isZero();
        assertThat(run.oldCanGo(at(100))).isFalse();
    }

    @Test
    void restoreRestartsTheScaleDownDelayAtRestoreTime() {
        BlueGreenRun before = new BlueGreenRun(AnalysisSettings.DEFAULTS, true, DELAY, T0);
        drive(before, 0, 25, List.of(PASS));
        BlueGreenRun.State state = before.state();

        BlueGreenRun after = BlueGreenRun.restore(state, AnalysisSettings.DEFAULTS, true, DELAY, at(1000));

        assertThat(state).isEqualTo(new BlueGreenRun.State(Phase.PROMOTED, true, 0, 0, false,
            "promoted: pre-promotion analysis passed", PASS));
        assertThat(after.weightBasisPoints()).isEqualTo(10_000);
        assertThat(drive(after, 1000, 1100, List.of())).containsExactly("1030 RETIRE_OLD 10000");
        assertThat(after.state().oldRetired()).isTrue();
    }

    @Test
    void aNegativeDelayIsRefused() {
        assertThatThrownBy(() -> new BlueGreenRun(null, true, Duration.ofSeconds(-1), T0))
            .isInstanceOf(IllegalArgumentException.class).hasMessage("scale-down-delay: -1s (expected: >= 0s)");
    }
}
