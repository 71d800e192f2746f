package dev.horizon.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The words of a failure: one failure is a restart, repeated failures are a crash loop (as the kubelet names it). */
class FailuresTest {

    private static final long S = Duration.ofSeconds(1).toNanos();

    private final Failures failures = new Failures(RestartBackoff.DEFAULT);

    @Test
    void aSingleSigkillReadsRestartingNotCrashLoop() {
        Exit kill = Exit.ofStatus(137);
        failures.record(0, 1, "shop-1 " + kill.cause(), kill);

        assertThat(kill.cause() + "; " + failures.nextStart(0))
            .isEqualTo("killed by SIGKILL (exit code 137); restarting in 1s");
        assertThat(new Transition("shop", "shop-1", InstanceState.IN_SERVICE, InstanceState.FAILED,
            kill.cause() + "; " + failures.nextStart(0), 0))
            .hasToString("shop-1 IN_SERVICE -> FAILED: killed by SIGKILL (exit code 137); restarting in 1s");
        CrashLoop report = failures.report(0);
        assertThat(report).isNotNull();
        assertThat(report.repeated()).isFalse();
        assertThat(report).hasToString(
            "restarting after 1 failure: shop-1 killed by SIGKILL (exit code 137); next start in 1s");
    }

    @Test
    void theSecondFailureInARowIsACrashLoop() {
        failures.record(0, 1, "shop-1 killed by SIGKILL (exit code 137)", Exit.ofStatus(137));
        failures.record(S, 2, "shop-2 exited with code 1", Exit.ofStatus(1));

        assertThat(failures.nextStart(S)).isEqualTo("crash loop: next start in 2s");
        CrashLoop report = failures.report(S + S / 2);
        assertThat(report).isNotNull();
        assertThat(report.repeated()).isTrue();
        assertThat(report).hasToString(
            "crash loop: 2 failures in a row, last: shop-2 exited with code 1; next start in 1.5s");
    }

    @Test
    void afterTheResetTheNextFailureIsAFirstOneAgain() {
        failures.record(0, 1, "shop-1 exited with code 1", Exit.ofStatus(1));
        failures.record(S, 2, "shop-2 exited with code 1", Exit.ofStatus(1));
        failures.served(3, Duration.ofMinutes(2).toNanos());
        assertThat(failures.report(10 * S)).isNull();

        failures.record(200 * S, 3, "shop-3 killed by SIGKILL (exit code 137)", Exit.ofStatus(137));

        assertThat(failures.nextStart(200 * S)).isEqualTo("restarting in 1s");
    }
}
