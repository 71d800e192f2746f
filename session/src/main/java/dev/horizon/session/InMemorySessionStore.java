package dev.horizon.session;

import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/*
 * Implementation notes: one map from id to an immutable record, changed only with compute(), so a save is atomic per
 * session and merges attribute by attribute like the Redis store. Expired entries are dropped when touched and by a
 * sweep (at most once a second) when a session is created, so memory stays bounded by the live sessions plus those
 * expired since the last sweep.
 */
final class InMemorySessionStore implements SessionStore {

    private record Entry(Instant created, Instant lastAccessed, @Nullable String user, Map<String, String> attributes) {
    }

    private final SessionTimeouts timeouts;
    private final Clock clock;
    private final ConcurrentHashMap<String, Entry> sessions = new ConcurrentHashMap<>();
    private final java.util.concurrent.atomic.AtomicReference<Instant> nextSweep =
        new java.util.concurrent.atomic.AtomicReference<>(Instant.MIN);

    InMemorySessionStore(SessionTimeouts timeouts, Clock clock) {
        this.timeouts = timeouts;
        this.clock = clock;
    }

    @Override
    public Optional<Session> load(String token) {
        if (!SessionIds.looksValid(token)) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        Entry[] before = new Entry[1];
        sessions.computeIfPresent(token, (id, e) -> {
            if (!live(e, now)) {
                return null;
            }
            before[0] = e;
            return new Entry(e.created(), now, e.user(), e.attributes());
        });
        Entry e = before[0];
        return e == null ? Optional.empty()
            : Optional.of(Session.stored(token, e.created(), e.lastAccessed(), e.user(), e.attributes()));
    }

    @Override
    public Session create() {
        sweep();
        return Session.fresh(SessionIds.next(), clock.instant());
    }

    @Override
    public Optional<String> save(Session session) {
        String storedId = session.storedId();
        Instant now = clock.instant();
        if (session.isInvalidated()) {
            if (storedId != null) {
                sessions.remove(storedId);
            }
            return Optional.empty();
        }
        if (storedId == null) {
            sessions.put(session.id(), fullEntry(session, now));
            return Optional.of(session.id());
        }
        if (session.isRotated()) {
            Entry old = sessions.remove(storedId);
            if (old == null || !live(old, now)) {
                return Optional.empty();
            }
            sessions.put(session.id(), fullEntry(session, now));
            return Optional.of(session.id());
        }
        Entry saved = sessions.computeIfPresent(storedId, (id, e) -> {
            if (!live(e, now)) {
                return null;
            }
            Map<String, String> attributes = new HashMap<>(e.attributes());
            session.changes().forEach((name, value) -> {
                if (value == null) {
                    attributes.remove(name);
                } else {
                    attributes.put(name, value);
                }
            });
            String user = session.isUserChanged() ? session.user() : e.user();
            return new Entry(e.created(), e.lastAccessed(), user, Map.copyOf(attributes));
        });
        return saved == null ? Optional.empty() : Optional.of(storedId);
    }

    @Override
    public void invalidateUser(String user) {
        sessions.values().removeIf(e -> user.equals(e.user()));
    }

    @Override
    public SessionTimeouts timeouts() {
        return timeouts;
    }

    /** Ids of the sessions held now, live or not yet swept; for tests. */
    Set<String> heldIds() {
        return Set.copyOf(sessions.keySet());
    }

    @Override
    public void close() {
        sessions.clear();
    }

    private static Entry fullEntry(Session session, Instant now) {
        return new Entry(session.created(), now, session.user(), Map.copyOf(session.attributes()));
    }

    private boolean live(Entry e, Instant now) {
        return now.isBefore(timeouts.expiry(e.created(), e.lastAccessed()));
    }

    private void sweep() {
        Instant now = clock.instant();
        Instant due = nextSweep.get();
        if (now.isBefore(due) || !nextSweep.compareAndSet(due, now.plusSeconds(1))) {
            return;
        }
        sessions.values().removeIf(e -> !live(e, now));
    }
}
