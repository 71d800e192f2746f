package dev.horizon.gateway.internal;

import dev.horizon.balance.HashKey;
import dev.horizon.gateway.RevisionSplit;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * The revision a request goes to under a service's {@link RevisionSplit}: its preview header or cookie, else its
 * session cookie's hash, else the exact interleave. Stateless but for the interleave's counter, which the service
 * keeps across reloads so that a weight change continues the sequence rather than restarting it.
 *
 * <p>Implementation notes. The interleave is the error-diffusion rule for one fraction: request {@code n} (from 0)
 * goes to the canary iff {@code floor((n+1)·w/B) > floor(n·w/B)} with {@code B = 10,000}, so after any {@code n}
 * requests exactly {@code floor(n·w/B)} went to the canary — the count never drifts from the weight by one request or
 * more, whereas a random draw drifts by about {@code sqrt(n·p)} and a split by instance counts (Argo Rollouts without
 * a traffic router; Kubernetes Services) by the rounding of replicas. The rule depends on {@code n mod B} only, so the
 * counter is reduced before multiplying and cannot overflow. Concurrent requests each take a distinct {@code n} from
 * one atomic increment, so the exact count holds across event loops.
 *
 * <p>The session hash is xxHash64 of the cookie's value (Envoy's cookie hash) mixed with xxHash64 of the canary's
 * label through SplitMix64's finalizer, then reduced modulo {@code B}. The salt gives each canary revision its own
 * cohort of users, so the same 5 % do not test every release, and separates the choice from a ring-hash or Maglev
 * placement keyed by the same cookie within a subset. {@code bucket < w} is monotone in {@code w}: raising the weight
 * only moves stable users to the canary. The modulo of a uniform 64-bit value is biased by less than
 * {@code B / 2^64}.
 */
final class TrafficSplit {

    /** The subset of the stable revision (or of every endpoint, without a split). */
    static final int STABLE = 0;
    /** The subset of the canary revision. */
    static final int CANARY = 1;

    /** Where a request goes, and whether a preview forced it (then it does not fall back). */
    enum Choice {
        WEIGHTED_STABLE(STABLE, false), WEIGHTED_CANARY(CANARY, false), PREVIEW_STABLE(STABLE, true),
        PREVIEW_CANARY(CANARY, true);

        private final int subset;
        private final boolean preview;

        Choice(int subset, boolean preview) {
            this.subset = subset;
            this.preview = preview;
        }

        int subset() {
            return subset;
        }

        boolean preview() {
            return preview;
        }
    }

    private final RevisionSplit split;
    private final AtomicLong interleaved;
    private final long salt;

    /**
     * @param interleaved how many requests were interleaved so far; shared with the previous split of the service
     */
    TrafficSplit(RevisionSplit split, AtomicLong interleaved) {
        this.split = split;
        this.interleaved = interleaved;
        this.salt = HashKey.of(split.canary());
    }

    RevisionSplit config() {
        return split;
    }

    /** The label of {@code subset}'s revision. */
    String revision(int subset) {
        return subset == CANARY ? split.canary() : split.stable();
    }

    /** The revision for a request, by the first rule of {@link RevisionSplit} that applies. */
    Choice choose(RequestView view) {
        Choice preview = null;
        if (!split.previewHeader().isEmpty()) {
            preview = preview(view.request().headers().get(split.previewHeader()));
        }
        if (preview == null && !split.previewCookie().isEmpty()) {
            preview = preview(view.cookie(split.previewCookie()));
        }
        if (preview != null) {
            return preview;
        }
        int w = split.canaryBasisPoints();
        if (w == 0 || w == RevisionSplit.ALL) {
            return w == 0 ? Choice.WEIGHTED_STABLE : Choice.WEIGHTED_CANARY;
        }
        String session = split.sessionCookie().isEmpty() ? null : view.cookie(split.sessionCookie());
        boolean canary = session != null ? bucket(session) < w : interleave(interleaved.getAndIncrement(), w);
        return canary ? Choice.WEIGHTED_CANARY : Choice.WEIGHTED_STABLE;
    }

    /** The forced revision of a preview value ({@code always}, {@code never}), or null for any other value. */
    static @Nullable Choice preview(@Nullable String value) {
        if (value == null) {
            return null;
        }
        if (value.equalsIgnoreCase("always")) {
            return Choice.PREVIEW_CANARY;
        }
        return value.equalsIgnoreCase("never") ? Choice.PREVIEW_STABLE : null;
    }

    /** The session's bucket, 0..9999: the session goes to the canary iff it is below the weight. */
    int bucket(String session) {
        return (int) Long.remainderUnsigned(HashKey.of(HashKey.of(session) ^ salt), RevisionSplit.ALL);
    }

    /** Whether request {@code n} (from 0) of the interleave goes to the canary at weight {@code w} basis points. */
    static boolean interleave(long n, int w) {
        long m = Math.floorMod(n, (long) RevisionSplit.ALL);
        return (m + 1) * w / RevisionSplit.ALL > m * w / RevisionSplit.ALL;
    }
}
