package dev.horizon.demo;

import java.time.Duration;
import java.time.InstantSource;

/**
 * Where {@link LoginThrottle} keeps its failure counts: a count and the time of the last failure per key.
 * Every implementation runs {@code AttemptStoreContract}.
 */
interface AttemptStore extends AutoCloseable {

    /** Milliseconds {@code key} is still locked at {@code nowMillis} under {@code limit}; 0 when it is free. */
    long lockedMillis(String key, LoginThrottle.Limit limit, long nowMillis);

    /**
     * Atomically: when {@code key} is free at {@code nowMillis}, counts one failure at that time and returns 0;
     * when it is locked, counts nothing and returns the milliseconds it is still locked.
     */
    long chargeUnlessLocked(String key, LoginThrottle.Limit limit, long nowMillis);

    /** Forgets {@code key}'s failures. */
    void clear(String key);

    /** Takes back one failure counted for {@code key} (an attempt that could not be checked after all). */
    void refund(String key);

    @Override
    default void close() {
    }

    /** The store cannot be reached: the login cannot be checked against the limits and is refused (503). */
    final class Unavailable extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Unavailable(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /**
     * Counts in this process, at most {@code maxKeys} of them (the least recently used go first), each forgotten
     * {@code forgetAfter} after its last failure by {@code clock}.
     */
    static AttemptStore local(int maxKeys, Duration forgetAfter, InstantSource clock) {
        return new LocalAttemptStore(maxKeys, forgetAfter, clock);
    }

    /** Counts in the Redis at {@code uri}, shared by every instance, forgotten {@code forgetAfter} after the last. */
    static AttemptStore redis(String uri, Duration forgetAfter) {
        return RedisAttemptStore.connect(uri, forgetAfter);
    }
}
