package dev.horizon.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.horizon.testing.RedisServer;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The Redis store on a real standalone redis-server: the contract, round trips, TTLs and the user index. */
final class RedisSessionStoreTest extends RedisBackedContract {

    @Override
    protected SessionStore newStore(SessionTimeouts timeouts) {
        return SessionStore.redis(redisUri(), timeouts);
    }

    /**
     * Commands clients sent while {@code operation} ran, seen through MONITOR (commands a script runs inside Redis are
     * listed as {@code [0 lua]} and not counted).
     */
    private static long cost(Runnable operation) throws Exception {
        try (java.net.Socket monitor = new java.net.Socket("127.0.0.1", redis.port())) {
            monitor.setSoTimeout(300);
            java.io.BufferedReader in = new java.io.BufferedReader(new java.io.InputStreamReader(
                monitor.getInputStream(), java.nio.charset.StandardCharsets.UTF_8));
            monitor.getOutputStream().write("MONITOR\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            assertThat(in.readLine()).isEqualTo("+OK");
            operation.run();
            long sent = 0;
            try {
                for (String line; (line = in.readLine()) != null;) {
                    if (!line.contains(" lua]")) {
                        sent++;
                    }
                }
            } catch (java.net.SocketTimeoutException quiet) {
                // nothing more within 300 ms: the operation's commands have all been listed
            }
            return sent;
        }
    }

    @Test
    void loadAndSaveAreOneRoundTripEachAndAnUnchangedSaveIsNone() throws Exception {
        try (SessionStore store = newStore(SessionTimeouts.DEFAULT)) {
            Session s = store.create();
            s.setAttribute("a", "1");
            String token = store.save(s).orElseThrow();
            store.save(store.load(token).orElseThrow()); // the scripts are cached from here on

            Session[] loaded = new Session[1];
            assertThat(cost(() -> loaded[0] = store.load(token).orElseThrow())).as("load").isEqualTo(1);
            loaded[0].setAttribute("b", "2");
            loaded[0].removeAttribute("a");
            assertThat(cost(() -> store.save(loaded[0]))).as("save of two changes").isEqualTo(1);
            Session unchanged = store.load(token).orElseThrow();
            assertThat(cost(() -> store.save(unchanged))).as("save of nothing").isZero();
        }
    }

    @Test
    void keyLivesForTheIdleTimeoutCappedByTheRemainingLifetime() throws Exception {
        try (SessionStore store = newStore(new SessionTimeouts(Duration.ofSeconds(60), Duration.ofSeconds(90)))) {
            Session s = store.create();
            s.setAttribute("a", "1");
            String token = store.save(s).orElseThrow();
            long ttl = Long.parseLong(redis.cli("PTTL", RedisSessionStore.key(token)));
            assertThat(ttl).isBetween(59_000L, 60_000L);
        }
        try (SessionStore store = newStore(new SessionTimeouts(Duration.ofSeconds(60), Duration.ofSeconds(61)))) {
            Session s = store.create();
            String token = store.save(s).orElseThrow();
            Thread.sleep(1500);
            assertThat(store.load(token)).isPresent();
            long ttl = Long.parseLong(redis.cli("PTTL", RedisSessionStore.key(token)));
            assertThat(ttl).as("capped by the lifetime left").isBetween(58_000L, 59_600L);
        }
    }

    @Test
    void userIndexExpiresWithItsSessionsAndDropsPassedOnes() throws Exception {
        try (SessionStore shortLived = newStore(new SessionTimeouts(Duration.ofMillis(500), Duration.ofMillis(800)));
             SessionStore longLived = newStore(new SessionTimeouts(Duration.ofMinutes(5), Duration.ofMinutes(10)))) {
            Session first = shortLived.create();
            first.setUser("dora");
            assertThat(shortLived.save(first)).isPresent();
            long ttl = Long.parseLong(redis.cli("PTTL", RedisSessionStore.userKey("dora")));
            assertThat(ttl).as("index TTL = the only session's deadline").isBetween(1L, 800L);
            Thread.sleep(900);
            Session second = longLived.create();
            second.setUser("dora");
            assertThat(longLived.save(second)).isPresent();
            assertThat(redis.cli("ZRANGE", RedisSessionStore.userKey("dora"), "0", "-1")).isEqualTo(second.id());
            assertThat(Long.parseLong(redis.cli("PTTL", RedisSessionStore.userKey("dora"))))
                .isBetween(590_000L, 600_000L);
        }
    }

    @Test
    void changingTheUserMovesTheSessionToTheNewUsersIndex() throws Exception {
        try (SessionStore store = newStore(SessionTimeouts.DEFAULT)) {
            Session s = store.create();
            s.setUser("erin");
            String token = store.save(s).orElseThrow();
            Session again = store.load(token).orElseThrow();
            again.setUser("frank");
            assertThat(store.save(again)).isPresent();
            store.invalidateUser("erin");
            assertThat(store.load(token).orElseThrow().user()).isEqualTo("frank");
            store.invalidateUser("frank");
            assertThat(store.load(token)).isEmpty();
        }
    }

    @Test
    void invalidatingAUserSparesASessionIndexedForThemThatNowBelongsToAnother() throws Exception {
        try (SessionStore store = newStore(SessionTimeouts.DEFAULT)) {
            Session s = store.create();
            s.setUser("ivan");
            String token = store.save(s).orElseThrow();
            redis.cli("HSET", RedisSessionStore.key(token), "_u", "judy"); // changed by a path that skipped the index
            store.invalidateUser("ivan");
            assertThat(store.load(token).orElseThrow().user()).isEqualTo("judy");
            assertThat(redis.cli("EXISTS", RedisSessionStore.userKey("ivan"))).isEqualTo("0");
        }
    }

    @Test
    void unreachableRedisIsAClearErrorNotAHang() throws Exception {
        RedisServer doomed = new RedisServer(dir);
        SessionStore store = SessionStore.redis("redis://127.0.0.1:" + doomed.port(), SessionTimeouts.DEFAULT);
        try {
            doomed.close();
            assertThatThrownBy(() -> store.load(SessionIds.next())).isInstanceOf(SessionStoreException.class)
                .hasMessageStartingWith("session store (Redis at 127.0.0.1:" + doomed.port() + "): ");
            assertThat(store.answers()).isFalse();
        } finally {
            store.close();
        }
        assertThatThrownBy(() -> SessionStore.redis("redis://127.0.0.1:1", SessionTimeouts.DEFAULT))
            .isInstanceOf(SessionStoreException.class)
            .hasMessageStartingWith("session store: cannot connect to Redis at redis://127.0.0.1:1: ");
    }
}
