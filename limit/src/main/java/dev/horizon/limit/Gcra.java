package dev.horizon.limit;

/**
 * The generic cell rate algorithm (ITU-T I.371's virtual scheduling), as redis-cell's {@code CL.THROTTLE} computes it:
 * the whole state of a limit is one instant, the theoretical arrival time (TAT) of the next request at the nominal
 * rate.
 *
 * <p>With emission interval {@code T} and burst {@code b} (tolerance {@code τ = b·T}):
 * {@code tat' = max(tat, now) + T}; the request passes iff {@code now >= tat' − τ}, and then {@code tat'} is
 * stored; a refused request stores nothing.
 * Remaining is {@code floor((now − (tat' − τ)) / T)}, retry-after {@code (tat' − τ) − now}, reset-after
 * {@code tat' − now} (redis-cell {@code src/cell/mod.rs}). A token bucket of {@code b} tokens refilled at one per
 * {@code T} is the same law read the other way round: the bucket is empty at {@code tat − τ} and holds
 * {@code min(b, (now − (tat − τ)) / T)} tokens.
 *
 * <p>Implementation notes. Integer arithmetic only, in the caller's unit, so the gateway's Lua script (which counts in
 * microseconds, where Lua's doubles are exact up to 2^53) and this class give identical answers; GcraTest and the
 * gateway's script test run the same sequences through both.
 */
public final class Gcra {

    /** The stored state of a key never seen (or expired): decides as if its TAT were {@code now}. */
    public static final long NEVER = Long.MIN_VALUE;

    private Gcra() {
    }

    /**
     * Decides one request.
     *
     * @param tat      the stored TAT, or {@link #NEVER}
     * @param now      the current time
     * @param interval the emission interval T, positive, in the unit of {@code now}
     * @param burst    the burst b, at least 1
     */
    public static Decision decide(long tat, long now, long interval, long burst) {
        long base = tat == NEVER ? now : Math.max(tat, now);
        long next = base + interval;
        long allowAt = next - interval * burst;
        if (now < allowAt) {
            return new Decision(false, tat, 0, allowAt - now, base - now);
        }
        return new Decision(true, next, (now - allowAt) / interval, 0, next - now);
    }

    /** Whether a key whose TAT is {@code tat} is idle at {@code now}: its quota is whole, so forgetting it is exact. */
    public static boolean idle(long tat, long now) {
        return tat <= now;
    }
}
