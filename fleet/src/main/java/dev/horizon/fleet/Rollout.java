package dev.horizon.fleet;

import dev.horizon.sizing.Resources;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Replaces instances one at a time by new ones from a new launch template, never lowering the ready count: the pure
 * part of a resize that cannot happen in place (and, later, of a rolling deployment). Touched only on the fleet's
 * thread; it decides, the {@link Reconciler} carries out.
 *
 * <p>The order for each old instance: <b>surge</b> — one new instance on top of the desired count
 * ({@link #surge()}), launched from the template; <b>ready</b> — wait until it is {@link InstanceState#IN_SERVICE}
 * (joined and warmed up, so it counts as ready capacity); <b>drain</b> — {@link #next} names the old instance to stop,
 * which the fleet drains and stops as any other; then the next. This is a Deployment's rolling update with
 * {@code maxSurge: 1, maxUnavailable: 0}, the setting under which Kubernetes never lowers the ready count either.
 * An old instance that ends meanwhile (scale-in, a drain, a failure) is dropped from the queue; once none is left, a
 * new instance still on its way is no longer the rollout's but an ordinary one, which the fleet trims if it is one too
 * many (else it would stay on top of the desired count for ever). A new instance that fails
 * before it is in service is retried (the fleet's crash-loop backoff paces the retries) until {@link #GIVE_UP_AFTER}
 * fail in a row; the rollout then stops and the old instances stay as they are.
 */
final class Rollout {

    /** New instances failing in a row after which the rollout stops. */
    static final int GIVE_UP_AFTER = 3;

    private final String purpose;
    private final Resources template;
    private final Deque<String> waiting;
    private int total;
    private int done;
    private int ended;
    private @Nullable String surge;
    private int failuresInRow;
    private @Nullable String stopped;
    private String replacedWith = "";

    /** Replaces {@code targets}, in this order, by instances of size {@code template}; {@code purpose} e.g. resize. */
    Rollout(String purpose, Resources template, List<String> targets) {
        this.purpose = purpose;
        this.template = template;
        this.waiting = new ArrayDeque<>(targets);
        this.total = targets.size();
    }

    /** The size new instances of the rollout launch with. */
    Resources template() {
        return template;
    }

    /** 1 while the rollout needs or runs an instance on top of the desired count, else 0. */
    int surge() {
        return surge != null || wantsSurge() ? 1 : 0;
    }

    /** Whether the next instance the fleet creates should be the rollout's ({@link #claim}). */
    boolean wantsSurge() {
        return surge == null && !waiting.isEmpty() && stopped == null;
    }

    /** The fleet created {@code instanceId} for the rollout. */
    void claim(String instanceId) {
        surge = instanceId;
    }

    /** Whether {@code instanceId} is the rollout's new instance that is not in service yet. */
    boolean isSurge(String instanceId) {
        return instanceId.equals(surge);
    }

    /** The rollout's new instance that is not in service yet, or {@code null}. */
    @Nullable String surgeInstance() {
        return surge;
    }

    /**
     * One step, given the state of every live instance: the old instance to drain and stop now (its replacement is in
     * service), or {@code null}.
     */
    @Nullable String next(Map<String, InstanceState> live) {
        int before = waiting.size();
        waiting.removeIf(id -> {
            InstanceState old = live.get(id);
            return old == null || !old.active();
        });
        total -= before - waiting.size();
        ended += before - waiting.size();
        if (waiting.isEmpty()) {
            surge = null; // the last old instance went before its turn: the new one is an ordinary instance now
            return null;
        }
        String s = surge;
        if (s == null) {
            return null;
        }
        InstanceState state = live.get(s);
        if (state == null || !state.active()) {
            surge = null;
            if (++failuresInRow >= GIVE_UP_AFTER) {
                stopped = purpose + " stopped: " + failuresInRow + " new instances in a row failed to start at "
                    + template + "; " + String.join(", ", waiting) + " keep their size";
                waiting.clear();
            }
            return null;
        }
        if (state != InstanceState.IN_SERVICE) {
            return null;
        }
        surge = null;
        replacedWith = s;
        failuresInRow = 0;
        done++;
        return waiting.pollFirst();
    }

    /** Whether nothing is left to do: every old instance replaced (or gone), or the rollout stopped. */
    boolean finished() {
        return waiting.isEmpty() && surge == null;
    }

    /** Why it stopped before the end ({@code resize stopped: 3 new instances in a row failed …}), or null. */
    @Nullable String stopped() {
        return stopped;
    }

    /** The stop reason of the old instance {@link #next} just named, e.g. {@code replaced for resize 2/3 by shop-5}. */
    String replacedReason() {
        return "replaced for " + purpose + " " + done + "/" + total + " by " + replacedWith;
    }

    /**
     * The rollout now, for {@link FleetStatus#replacing()}: {@code replacing for resize 2/3: shop-5 starting at cpu
     * 500m, memory 256Mi for shop-2}.
     */
    String describe() {
        String s = surge;
        return "replacing for " + purpose + " " + Math.min(done + 1, total) + "/" + total
            + (s == null || waiting.isEmpty() ? "" : ": " + s + " starting at " + template + " for " + waiting.peek());
    }

    /** This instance's part in it, for its detail, or {@code null} when it has none. */
    @Nullable String detail(String instanceId) {
        if (instanceId.equals(surge) && !waiting.isEmpty()) {
            return "replacing " + waiting.peek() + " for " + purpose + " " + (done + 1) + "/" + total;
        }
        return waiting.contains(instanceId) ? "to be replaced for " + purpose : null;
    }

    /**
     * The words when it ends, e.g. {@code resize done: 3 instances replaced at cpu 500m, memory 256Mi}, with {@code ; 1
     * ended before its turn} when old instances ended meanwhile.
     */
    String summary() {
        return stopped != null ? stopped : purpose + " done: " + done + (done == 1 ? " instance" : " instances")
            + " replaced at " + template + (ended == 0 ? "" : "; " + ended + " ended before " + (ended == 1 ? "its"
            : "their") + " turn");
    }
}
