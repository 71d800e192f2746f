package dev.horizon.balance;

/** Stub. */
public final class HashKey {
    private HashKey() {
    }

    /** Stub. */
    public static long of(long key) {
        return key * 0x9E3779B97F4A7C15L;
    }
}
