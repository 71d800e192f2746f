package dev.horizon.session;

/** The in-memory store against the store contract. */
final class InMemorySessionStoreTest extends SessionStoreContract {

    @Override
    protected SessionStore newStore(SessionTimeouts timeouts) {
        return SessionStore.inMemory(timeouts);
    }
}
