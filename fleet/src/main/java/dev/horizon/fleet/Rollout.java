package dev.horizon.fleet;

import dev.horizon.sizing.Resources;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Replaces instances one at a time by new ones from a new launch template: the pure part of a resize that cannot
 * happen in place (and, later, of a rolling deployment). Touched only on the fleet's thread; it decides, the
 * {@link Reconciler} carries out.
 *
 * <p>How each step makes room for its new instance is the rollout's {@link Mode}, named after a Deployment's rolling
 * update budget. {@link Mode#SURGE_FIRST} ({@code maxSurge: 1, maxUnavailable: 0}): <b>surge</b> — one new instance
 * on top of the desired count ({@link #offset()} +1); <b>ready</b> — wait until it is {@link InstanceState#IN_SERVICE}
 * (joined and warmed up, so it counts as ready capacity); <b>drain</b> — {@link #next} names the old instance to
 * stop; then the next. The ready count never falls. {@link Mode#STOP_FIRST} ({@code maxSurge: 0, maxUnavailable: 1}),
 * as a cloud VM is stopped to change type: <b>stop</b> — {@link #next} names the old instance, which the fleet drains
 * and stops while the rollout holds the desired count one lower ({@link #offset()} −1), so nothing starts in its
 * place yet; <b>start</b> — once it has ended, one new instance in its place; <b>ready</b> — once that one is in
 * service, the next. The ready count falls by one during each step (to zero with a single instance).
 *
 * <p>An old instance that ends before its turn (scale-in, a drain, a failure) is dropped from the queue; once none is
 * left (and no stopped one waits for its replacement), a new instance still on its way is no longer the rollout's but
 * an ordinary one, which the fleet trims if it is one too many. A new instance that fails before it is in service is
 * retried (the fleet's crash-loop backoff paces the retries) until {@link #GIVE_UP_AFTER} fail in a row; the rollout
 * then stops, the old instances left keep their size, and a place stopped for it is refilled by the fleet's desired
 * count like any other (at the same pace), so the service is not left one short.
 */
final class Rollout {

    /** New instances failing in a row after which the rollout stops. */
    static final int GIVE_UP_AFTER = 3;

    /** How a step makes room for its new instance: a Deployment's {@code maxSurge} and {@code maxUnavailable}. */
    enum Mode {
        /** {@code maxSurge: 1, maxUnavailable: 0}: the new instance first, on top; then the old one stops. */
        SURGE_FIRST(1, 0),
        /** {@code maxSurge: 0, maxUnavailable: 1}: the old instance stops first; then the new one starts instead. */
        STOP_FIRST(0, 1);

        private final int maxSurge;
        private final int maxUnavailable;

        Mode(int maxSurge, int maxUnavailable) {
            this.maxSurge = maxSurge;
            this.maxUnavailable = maxUnavailable;
        }
    }

    private final String purpose;
    private final Mode mode;
    private final Resources template;
    private final Deque<String> waiting;
    private int total;
    private int done;
    private int ended;
    /** {@link Mode#STOP_FIRST}: the old instance stopped for the step under way, until its replacement serves. */
    private @Nullable String vacated;
    /** Whether {@link #vacated} has ended, so its place is free. */
    private boolean vacant;
    /** The new instance of the step under way, not in service yet. */
    private @Nullable String fresh;
    private int failuresInRow;
    private @Nullable String stopped;
    private String replacedWith = "";

    /**
     * Replaces {@code targets}, in this order, by instances of size {@code template}; {@code purpose} e.g. resize.
     * {@code vacated} is an old instance already stopped (or stopping) whose place this rollout fills first, as a
     * {@link Mode#STOP_FIRST} rollout it takes over left it, or {@code null}.
     */
    Rollout(String purpose, Mode mode, Resources template, List<String> targets, @Nullable String vacated) {
        this.purpose = purpose;
        this.mode = mode;
        this.template = template;
        this.waiting = new ArrayDeque<>(targets);
        this.vacated = vacated;
        this.total = targets.size() + (vacated == null ? 0 : 1);
    }

    /** The size new instances of the rollout launch with. */
    Resources template() {
        return template;
    }

    /**
     * What the rollout adds to the desired count now: +1 while it wants or runs a surge, −1 while an instance it
     * stopped has not ended yet (so nothing starts in its place), else 0.
     */
    int offset() {
        if (fresh != null || wantsNew()) {
            return mode.maxSurge;
        }
        return vacated != null && !vacant ? -mode.maxUnavailable : 0;
    }

    /** Whether the next instance the fleet creates should be the rollout's ({@link #claim}). */
    boolean wantsNew() {
        return fresh == null && stopped == null && (mode.maxSurge > 0 ? !waiting.isEmpty() : vacant);
    }

    /** The fleet created {@code instanceId} for the rollout. */
    void claim(String instanceId) {
        fresh = instanceId;
    }

    /** Whether {@code instanceId} is the rollout's new instance that is not in service yet. */
    boolean isNew(String instanceId) {
        return instanceId.equals(fresh);
    }

    /** The rollout's new instance that is not in service yet, or {@code null}. */
    @Nullable String newInstance() {
        return fresh;
    }

    /** The old instance stopped for the step under way, whose place is not filled yet, or {@code null}. */
    @Nullable String vacated() {
        return vacated;
    }

    /**
     * One step, given the state of every live instance: the old instance to drain and stop now (its replacement is in
     * service, or, stopping first, its turn has come), or {@code null}.
     */
    @Nullable String next(Map<String, InstanceState> live) {
        int before = waiting.size();
        waiting.removeIf(id -> {
            InstanceState old = live.get(id);
            return old == null || !old.active();
        });
        total -= before - waiting.size();
        ended += before - waiting.size();
        String v = vacated;
        vacant = v != null && !live.containsKey(v);
        if (waiting.isEmpty() && v == null) {
            fresh = null; // the last old instance went before its turn: the new one is an ordinary instance now
            return null;
        }
        String s = fresh;
        if (s != null) {
            InstanceState state = live.get(s);
            if (state == null || !state.active()) {
                fresh = null;
                if (++failuresInRow >= GIVE_UP_AFTER) {
                    giveUp();
                }
                return null;
            }
            if (state != InstanceState.IN_SERVICE) {
                return null;
            }
            fresh = null;
            replacedWith = s;
            failuresInRow = 0;
            done++;
            if (v == null) {
                return waiting.pollFirst(); // surge first: the old instance goes now
            }
            vacated = null; // stop first: its place is filled; the next one stops below
            vacant = false;
        }
        if (mode.maxSurge > 0 || vacated != null || waiting.isEmpty()) {
            return null;
        }
        vacated = waiting.pollFirst();
        return vacated;
    }

    private void giveUp() {
        stopped = purpose + " stopped: " + failuresInRow + " new instances in a row failed to start at " + template
            + (waiting.isEmpty() ? "" : "; " + String.join(", ", waiting) + " keep their size")
            + (vacated == null ? "" : "; the fleet relaunches in " + vacated + "'s place with its crash-loop backoff");
        waiting.clear();
        vacated = null;
        vacant = false;
    }

    /** Whether nothing is left to do: every old instance replaced (or gone), or the rollout stopped. */
    boolean finished() {
        return waiting.isEmpty() && fresh == null && vacated == null;
    }

    /** Why it stopped before the end ({@code resize stopped: 3 new instances in a row failed …}), or null. */
    @Nullable String stopped() {
        return stopped;
    }

    /**
     * The stop reason of the old instance {@link #next} just named: {@code replaced for resize 2/3 by shop-5}, or,
     * stopping first, {@code stopped for resize 2/3, to be replaced at cpu 1000m, memory 256Mi}.
     */
    String replacedReason() {
        return mode.maxSurge > 0 ? "replaced for " + purpose + " " + done + "/" + total + " by " + replacedWith
            : "stopped for " + purpose + " " + (done + 1) + "/" + total + ", to be replaced at " + template;
    }

    /**
     * The rollout now, for {@link FleetStatus#replacing()}: {@code replacing for resize 2/3: shop-5 starting at cpu
     * 500m, memory 256Mi for shop-2}, or {@code …: shop-2 stopping, to be replaced at …}.
     */
    String describe() {
        String s = fresh;
        String old = vacated != null ? vacated : mode.maxSurge > 0 ? waiting.peek() : null;
        String now;
        if (s != null && old != null) {
            now = ": " + s + " starting at " + template + " for " + old;
        } else if (old != null && vacated != null) {
            now = ": " + old + (vacant ? " stopped, its replacement starts at " : " stopping, to be replaced at ")
                + template;
        } else {
            now = "";
        }
        return "replacing for " + purpose + " " + Math.min(done + 1, total) + "/" + total + now;
    }

    /** This instance's part in it, for its detail, or {@code null} when it has none. */
    @Nullable String detail(String instanceId) {
        String old = vacated != null ? vacated : waiting.peek();
        if (instanceId.equals(fresh) && old != null) {
            return "replacing " + old + " for " + purpose + " " + (done + 1) + "/" + total;
        }
        return waiting.contains(instanceId) ? "to be replaced for " + purpose : null;
    }

    /**
     * The words when it ends, e.g. {@code resize done: 3 instances replaced at cpu 500m, memory 256Mi} (stopping
     * first: {@code stopped and restarted at}), with {@code ; 1 ended before its turn} when old instances ended
     * meanwhile.
     */
    String summary() {
        return stopped != null ? stopped : purpose + " done: " + done + (done == 1 ? " instance" : " instances")
            + (mode.maxSurge > 0 ? " replaced at " : " stopped and restarted at ") + template
            + (ended == 0 ? "" : "; " + ended + " ended before " + (ended == 1 ? "its" : "their") + " turn");
    }
}
