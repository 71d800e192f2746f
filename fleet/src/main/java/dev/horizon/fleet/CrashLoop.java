package dev.horizon.fleet;

import dev.horizon.duration.DurationText;
import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A fleet whose instances have failed in a row: how often, how long it waits before the next start, and why the last
 * one failed. Present in {@link FleetStatus#crashLoop()} from the first failure until an instance launched after the
 * last failure has stayed in service for {@link RestartBackoff#resetAfter()}; it is called a crash loop only once the
 * failures repeat ({@link #repeated()}).
 *
 * @param failures    failures in a row
 * @param delay       the backoff applied after the last failure ({@link RestartBackoff#delayAfter})
 * @param nextStartIn time left before the fleet may start an instance; zero once the delay has passed
 * @param lastFailure what happened last, e.g. {@code shop-4 exited with code 3} or
 *                    {@code shop-2 not ready within 60s}
 * @param lastExit    the exit of the last instance that exited by itself; {@code null} when none did
 */
public record CrashLoop(int failures, Duration delay, Duration nextStartIn, String lastFailure,
                        @Nullable Exit lastExit) {

    /** Validates the non-null fields. */
    public CrashLoop {
        Objects.requireNonNull(delay, "delay");
        Objects.requireNonNull(nextStartIn, "nextStartIn");
        Objects.requireNonNull(lastFailure, "lastFailure");
    }

    /** Whether the failures have repeated (two or more in a row): only then is it called a crash loop. */
    public boolean repeated() {
        return failures >= Failures.LOOP_AFTER;
    }

    /**
     * After one failure {@code restarting after 1 failure: shop-1 killed by SIGKILL (exit code 137); next start in 1s};
     * after repeated ones {@code crash loop: 3 failures in a row, last: shop-4 exited with code 3; next start in 8s}.
     */
    @Override
    public String toString() {
        String next = nextStartIn.isZero() ? "starting again" : "next start in " + DurationText.rounded(nextStartIn);
        return repeated()
            ? "crash loop: " + failures + " failures in a row, last: " + lastFailure + "; " + next
            : "restarting after 1 failure: " + lastFailure + "; " + next;
    }
}
