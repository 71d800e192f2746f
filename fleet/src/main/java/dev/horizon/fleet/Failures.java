package dev.horizon.fleet;

import dev.horizon.duration.DurationText;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * Failures in a row and the start delay they impose: a fleet's crash-loop state. Touched only on the fleet's thread;
 * times are on its nanosecond clock.
 *
 * <p>Implementation notes: the delay applies from the first failure, but the words "crash loop" only from the second
 * failure in a row ({@link #LOOP_AFTER}). This follows the kubelet: after a container's first crash it restarts it,
 * and only repeated crashes put it into the back-off state it reports as {@code CrashLoopBackOff} ("a container in a
 * Pod is repeatedly crashing", Kubernetes docs, Pod Lifecycle, "Container restarts"). One SIGKILL is one failure: it
 * reads {@code restarting in 1s}.
 */
final class Failures {

    /** Failures in a row from which the fleet calls it a crash loop. */
    static final int LOOP_AFTER = 2;

    private final RestartBackoff backoff;
    private int inRow;
    private int total;
    private long launchesAtLast;
    private long notBefore;
    private String last = "";
    private @Nullable Exit lastExit;

    Failures(RestartBackoff backoff) {
        this.backoff = backoff;
    }

    /**
     * One more failure: {@code description} names the instance and what happened, {@code exit} is set when it exited
     * by itself, {@code launches} is how many instances the fleet has launched so far.
     */
    void record(long now, long launches, String description, @Nullable Exit exit) {
        inRow++;
        total++;
        launchesAtLast = launches;
        last = description;
        lastExit = exit;
        notBefore = now + backoff.delayAfter(inRow).toNanos();
    }

    /**
     * Whether starts are held back now: during a crash loop, until the backoff has passed, and while another
     * instance is still starting (one start at a time).
     */
    boolean holdStarts(long now, boolean anotherStarting) {
        return inRow > 0 && (waiting(now) || anotherStarting);
    }

    /** Whether the backoff delay is still running. */
    boolean waiting(long now) {
        return inRow > 0 && now - notBefore < 0;
    }

    /** {@code restarting in 1s} after one failure, {@code crash loop: next start in 4s} after repeated ones. */
    String nextStart(long now) {
        String in = DurationText.rounded(Duration.ofNanos(Math.max(0, notBefore - now)));
        return looping() ? "crash loop: next start in " + in : "restarting in " + in;
    }

    /** Whether failures have repeated: {@link #LOOP_AFTER} or more in a row. */
    boolean looping() {
        return inRow >= LOOP_AFTER;
    }

    /**
     * Ends the crash loop when an instance launched after the last failure ({@code launchNumber}) has been in service
     * for the backoff's {@code resetAfter}.
     */
    void served(long launchNumber, long inServiceNanos) {
        if (inRow > 0 && launchNumber > launchesAtLast && inServiceNanos >= backoff.resetAfter().toNanos()) {
            inRow = 0;
            lastExit = null;
        }
    }

    /** Every failure since the fleet started (each was replaced). */
    int total() {
        return total;
    }

    /** The crash loop for {@link FleetStatus}, or {@code null} when there is none. */
    @Nullable CrashLoop report(long now) {
        return inRow == 0 ? null : new CrashLoop(inRow, backoff.delayAfter(inRow),
            Duration.ofNanos(Math.max(0, notBefore - now)), last, lastExit);
    }
}
