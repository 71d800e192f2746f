package dev.horizon.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link SessionStore} promises. A store's test extends this class and says how to build the
 * store; server-side stores also run {@link #parallelSavesOfDifferentAttributesBothPersist}.
 *
 * <p>Timeouts here are real time (the Redis store's expiry is Redis's own), kept short: idle 1s, lifetime 1.5s for
 * the tests that wait for them, an hour otherwise.
 */
public abstract class SessionStoreContract {

    private static final SessionTimeouts LONG = new SessionTimeouts(Duration.ofHours(1), Duration.ofHours(2));
    private static final SessionTimeouts SHORT_IDLE = new SessionTimeouts(Duration.ofMillis(1000), Duration.ofHours(1));
    private static final SessionTimeouts SHORT_LIFE = new SessionTimeouts(Duration.ofMillis(1000),
        Duration.ofMillis(1500));

    private final Set<SessionStore> opened = new HashSet<>();

    /** A store, empty of sessions this test could confuse with its own, applying {@code timeouts}. */
    protected abstract SessionStore newStore(SessionTimeouts timeouts);

    /** Whether two saves of the same session merge attribute by attribute (server-side stores do, JWT cannot). */
    protected boolean mergesParallelSaves() {
        return true;
    }

    private SessionStore store(SessionTimeouts timeouts) {
        SessionStore store = newStore(timeouts);
        opened.add(store);
        return store;
    }

    @AfterEach
    final void closeStores() {
        opened.forEach(SessionStore::close);
    }

    private static String saved(SessionStore store, Session session) {
        Optional<String> token = store.save(session);
        assertThat(token).as("token after saving %s", session).isPresent();
        return token.orElseThrow();
    }

    private static Session loaded(SessionStore store, String token) {
        Optional<Session> session = store.load(token);
        assertThat(session).as("session for token %s", token).isPresent();
        return session.orElseThrow();
    }

    @Test
    void savedSessionLoadsWithItsAttributesUserAndCreationTime() {
        SessionStore store = store(LONG);
        Session session = store.create();
        session.setAttribute("cart", "{\"sku\":\"A-1\",\"qty\":2}");
        session.setAttribute("theme", "\"dark\"");
        session.setUser("alice");
        String token = saved(store, session);

        Session back = loaded(store, token);
        assertThat(back.id()).isEqualTo(session.id());
        assertThat(back.isNew()).isFalse();
        assertThat(back.user()).isEqualTo("alice");
        assertThat(back.attributes()).containsExactlyInAnyOrderEntriesOf(
            Map.of("cart", "{\"sku\":\"A-1\",\"qty\":2}", "theme", "\"dark\""));
        assertThat(back.created().toEpochMilli()).isEqualTo(session.created().toEpochMilli());
    }

    @Test
    void newSessionsGetDistinctIdsOfAtLeast128Bits() {
        SessionStore store = store(LONG);
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            Session s = store.create();
            assertThat(s.isNew()).isTrue();
            assertThat(s.id()).matches("[A-Za-z0-9_-]{27}");
            ids.add(s.id());
        }
        assertThat(ids).hasSize(1000);
    }

    @Test
    void unknownMalformedAndEmptyTokensLoadNothing() {
        SessionStore store = store(LONG);
        assertThat(store.load(SessionIds.next())).isEmpty();
        assertThat(store.load("")).isEmpty();
        assertThat(store.load("not a token")).isEmpty();
        assertThat(store.load("x".repeat(5000))).isEmpty();
        assertThat(store.load("a.b.c")).isEmpty();
    }

    @Test
    void laterSaveChangesAndRemovesAttributes() {
        SessionStore store = store(LONG);
        Session session = store.create();
        session.setAttribute("a", "1");
        session.setAttribute("b", "2");
        String token = saved(store, session);

        Session second = loaded(store, token);
        second.setAttribute("a", "10");
        second.removeAttribute("b");
        second.setAttribute("c", "[3]");
        token = saved(store, second);

        assertThat(loaded(store, token).attributes()).containsExactlyInAnyOrderEntriesOf(Map.of("a", "10", "c", "[3]"));
    }

    @Test
    void savingUnchangedSessionKeepsIt() {
        SessionStore store = store(LONG);
        Session session = store.create();
        session.setAttribute("a", "1");
        String token = saved(store, session);
        String again = saved(store, loaded(store, token));
        assertThat(loaded(store, again).attributes()).containsExactlyEntriesOf(Map.of("a", "1"));
    }

    @Test
    void parallelSavesOfDifferentAttributesBothPersist() {
        org.junit.jupiter.api.Assumptions.assumeTrue(mergesParallelSaves(), "store keeps state in the token");
        SessionStore store = store(LONG);
        Session session = store.create();
        session.setAttribute("shared", "0");
        String token = saved(store, session);

        Session first = loaded(store, token);
        Session second = loaded(store, token);
        first.setAttribute("cart", "[\"A-1\"]");
        second.setAttribute("wishlist", "[\"B-2\"]");
        saved(store, first);
        saved(store, second);

        assertThat(loaded(store, token).attributes()).containsExactlyInAnyOrderEntriesOf(
            Map.of("shared", "0", "cart", "[\"A-1\"]", "wishlist", "[\"B-2\"]"));
    }

    @Test
    void invalidatedSessionIsGoneAndAStaleSaveDoesNotBringItBack() {
        SessionStore store = store(LONG);
        Session session = store.create();
        session.setAttribute("a", "1");
        String token = saved(store, session);

        Session stale = loaded(store, token);
        Session ending = loaded(store, token);
        ending.invalidate();
        assertThat(store.save(ending)).isEmpty();
        assertThat(store.load(token)).isEmpty();

        stale.setAttribute("b", "2");
        assertThat(store.save(stale)).isEmpty();
        assertThat(store.load(token)).isEmpty();
    }

    @Test
    void changingTheIdKeepsAttributesAndKillsTheOldToken() {
        SessionStore store = store(LONG);
        Session session = store.create();
        session.setAttribute("cart", "[\"A-1\"]");
        String oldToken = saved(store, session);

        Session login = loaded(store, oldToken);
        String oldId = login.id();
        login.changeId(SessionIds.next());
        login.setUser("alice");
        String newToken = saved(store, login);

        assertThat(newToken).isNotEqualTo(oldToken);
        Session back = loaded(store, newToken);
        assertThat(back.id()).isNotEqualTo(oldId);
        assertThat(back.user()).isEqualTo("alice");
        assertThat(back.attributes()).containsExactlyEntriesOf(Map.of("cart", "[\"A-1\"]"));
        assertThat(store.load(oldToken)).isEmpty();
    }

    @Test
    void invalidatingAUserEndsAllOfTheirSessionsAndNoOneElses() {
        SessionStore store = store(LONG);
        String alice1 = login(store, "alice");
        String alice2 = login(store, "alice");
        String bob = login(store, "bob");
        String anonymous = saved(store, store.create());

        store.invalidateUser("alice");

        assertThat(store.load(alice1)).isEmpty();
        assertThat(store.load(alice2)).isEmpty();
        assertThat(loaded(store, bob).user()).isEqualTo("bob");
        assertThat(loaded(store, anonymous).user()).isNull();
        store.invalidateUser("nobody");
        assertThat(loaded(store, bob).user()).isEqualTo("bob");
    }

    @Test
    void aUserLoggingInAgainAfterInvalidationGetsALiveSession() throws InterruptedException {
        SessionStore store = store(LONG);
        login(store, "alice");
        store.invalidateUser("alice");
        Thread.sleep(1100); // token clocks count whole seconds; a new login in the same second must still count
        String again = login(store, "alice");
        assertThat(loaded(store, again).user()).isEqualTo("alice");
    }

    @Test
    void sessionNotLoadedForTheIdleTimeoutExpires() throws InterruptedException {
        SessionStore store = store(SHORT_IDLE);
        Session session = store.create();
        session.setAttribute("a", "1");
        String token = saved(store, session);
        Thread.sleep(1300);
        assertThat(store.load(token)).isEmpty();
    }

    @Test
    void loadingRestartsTheIdleTimeout() throws InterruptedException {
        SessionStore store = store(SHORT_IDLE);
        Session session = store.create();
        session.setAttribute("a", "1");
        String token = saved(store, session);
        for (int i = 0; i < 4; i++) {
            Thread.sleep(300);
            token = saved(store, loaded(store, token));
        }
        assertThat(loaded(store, token).attributes()).containsEntry("a", "1");
    }

    @Test
    void sessionEndsAtItsMaximumLifetimeHoweverActive() throws InterruptedException {
        SessionStore store = store(SHORT_LIFE);
        Session session = store.create();
        session.setAttribute("a", "1");
        String token = saved(store, session);
        long start = System.nanoTime();
        boolean gone = false;
        while (System.nanoTime() - start < Duration.ofMillis(2500).toNanos()) {
            Thread.sleep(200);
            Optional<Session> s = store.load(token);
            if (s.isEmpty()) {
                gone = true;
                break;
            }
            token = store.save(s.orElseThrow()).orElse(token);
        }
        long lived = Duration.ofNanos(System.nanoTime() - start).toMillis();
        assertThat(gone).as("gone within 2.5s").isTrue();
        assertThat(lived).as("lived (ms)").isGreaterThanOrEqualTo(1000);
    }

    @Test
    void aSaveAfterExpiryDoesNotBringTheSessionBack() throws InterruptedException {
        SessionStore store = store(SHORT_IDLE);
        Session session = store.create();
        session.setAttribute("a", "1");
        String token = saved(store, session);
        Session late = loaded(store, token);
        Thread.sleep(1300);
        late.setAttribute("b", "2");
        assertThat(store.save(late)).isEmpty();
        assertThat(store.load(token)).isEmpty();
        assertThat(store.load(late.id())).isEmpty();
    }

    private static String login(SessionStore store, String user) {
        Session s = store.create();
        s.setUser(user);
        s.setAttribute("since", "1");
        return saved(store, s);
    }
}
