package dev.horizon.balance;

import java.util.Objects;
import java.util.random.RandomGenerator;
import org.jspecify.annotations.Nullable;

/**
 * What the active health checks of one endpoint have concluded so far: an immutable value, advanced by
 * {@link #passed()} and {@link #failed()} after each probe.
 *
 * <p>Contract, with {@code rise} and {@code fall} from the {@link HealthCheck}: a healthy endpoint becomes unhealthy
 * after {@code fall} consecutive failures, and an unhealthy one becomes healthy after {@code rise} consecutive passes;
 * a pass ends a failure streak and a failure ends a pass streak.
 *
 * <p>Implementation notes. This is HAProxy's check counter ({@code src/check.c}, {@code server.c}): one number
 * {@code health} in 0..rise+fall−1, the endpoint being up while {@code health >= rise}. A pass adds 1 and, on reaching
 * {@code rise}, jumps to the top, rise+fall−1; a failure subtracts 1 and, on dropping below {@code rise}, falls to 0.
 * So from the top it takes exactly {@code fall} failures to go down and from 0 exactly {@code rise} passes to come
 * up, and one pass (or failure) undoes any streak of the other kind. The consecutive counters are kept for reporting
 * only. One deliberate difference: HAProxy starts a server at {@code health = rise} ("up, but will fall down at first
 * failure"); Horizon starts an {@linkplain #initiallyUp up} endpoint at the top, so that "unhealthy after {@code fall}
 * failures" holds from the first probe and one lost probe at startup does not empty a pool of static endpoints.
 */
public final class HealthState {

    private final HealthCheck check;
    private final long health;
    private final int consecutivePasses;
    private final int consecutiveFailures;

    private HealthState(HealthCheck check, long health, int consecutivePasses, int consecutiveFailures) {
        this.check = check;
        this.health = health;
        this.consecutivePasses = consecutivePasses;
        this.consecutiveFailures = consecutiveFailures;
    }

    /** An endpoint that must pass {@code rise} consecutive checks before it serves: a new instance. */
    public static HealthState initiallyDown(HealthCheck check) {
        return new HealthState(Objects.requireNonNull(check, "check"), 0, 0, 0);
    }

    /** An endpoint that serves at once and goes down after {@code fall} consecutive failures: a static endpoint. */
    public static HealthState initiallyUp(HealthCheck check) {
        return new HealthState(Objects.requireNonNull(check, "check"), (long) check.rise() + check.fall() - 1, 0, 0);
    }

    /** The state after one more passing probe. */
    public HealthState passed() {
        long top = top();
        long next = health;
        if (next < top) {
            next++;
            if (next >= check.rise()) {
                next = top;
            }
        }
        return new HealthState(check, next, saturatedIncrement(consecutivePasses), 0);
    }

    /** The state after one more failed probe (an error, a bad status or a timeout). */
    public HealthState failed() {
        long next = health;
        if (next > 0) {
            next--;
            if (next < check.rise()) {
                next = 0;
            }
        }
        return new HealthState(check, next, 0, saturatedIncrement(consecutiveFailures));
    }

    /** Whether the endpoint passes its health checks, so that it may take requests. */
    public boolean healthy() {
        return health >= check.rise();
    }

    /** Probes passed in a row up to now; 0 after a failure. */
    public int consecutivePasses() {
        return consecutivePasses;
    }

    /** Probes failed in a row up to now; 0 after a pass. */
    public int consecutiveFailures() {
        return consecutiveFailures;
    }

    /** The configuration this state applies. */
    public HealthCheck check() {
        return check;
    }

    /** The delay before the next probe, {@code [0.8, 1.2] × interval}; see {@link HealthCheck#nextCheckDelayNanos}. */
    public long nextCheckDelayNanos(RandomGenerator random) {
        return check.nextCheckDelayNanos(random);
    }

    /**
     * This state combined with outlier detection into the endpoint's {@link Health}: {@link Health#UNHEALTHY} while
     * the checks fail, otherwise {@link Health#EJECTED} while ejected, otherwise {@link Health#HEALTHY}. Failing
     * checks win because an ejection ends on its own timer while the checks keep failing. Draining is an operator's
     * decision and overrides both: {@code draining ? DRAINING : state.health(detector.isEjected(id))}.
     *
     * @param ejected whether outlier detection has ejected the endpoint ({@link OutlierDetector#isEjected})
     */
    public Health health(boolean ejected) {
        if (!healthy()) {
            return Health.UNHEALTHY;
        }
        return ejected ? Health.EJECTED : Health.HEALTHY;
    }

    private long top() {
        return (long) check.rise() + check.fall() - 1;
    }

    private static int saturatedIncrement(int n) {
        return n == Integer.MAX_VALUE ? n : n + 1;
    }

    @Override
    public boolean equals(@Nullable Object o) {
        return o instanceof HealthState other
            && health == other.health
            && consecutivePasses == other.consecutivePasses
            && consecutiveFailures == other.consecutiveFailures
            && check.equals(other.check);
    }

    @Override
    public int hashCode() {
        return Objects.hash(check, health, consecutivePasses, consecutiveFailures);
    }

    @Override
    public String toString() {
        return "HealthState[" + (healthy() ? "up" : "down") + ", passes=" + consecutivePasses + ", failures="
            + consecutiveFailures + "]";
    }
}
