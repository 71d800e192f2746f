package dev.horizon.demo;

/** The contract on this process's memory. */
final class LocalAttemptStoreTest extends AttemptStoreContract {

    @Override
    AttemptStore open() {
        return AttemptStore.local(1_000, FORGET, clock);
    }
}
