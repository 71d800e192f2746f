package dev.horizon.balance;

/** Stub. */
public final class HashKey {
    private HashKey() {
    }
}
