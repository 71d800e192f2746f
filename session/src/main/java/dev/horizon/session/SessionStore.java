package dev.horizon.session;

import java.util.Optional;

/**
 * Where sessions live between requests.
 *
 * <p>The client holds a <em>token</em>: the session id for server-side stores, the signed JWT itself for
 * {@link #jwt}. A request {@linkplain #load loads} its session by that token (which restarts the idle timeout), works
 * on the {@link Session}, and {@linkplain #save saves} it, which writes only what the request changed and returns the
 * token the client should hold from then on.
 *
 * <p>Guarantees every store gives (checked by one contract test suite):
 * <ul>
 *   <li>a session is live until its idle timeout passes without a load, or its maximum lifetime passes;</li>
 *   <li>a save never brings back a session that expired or was invalidated meanwhile: it returns empty;</li>
 *   <li>{@link Session#changeId} keeps the attributes and the old token stops working;</li>
 *   <li>{@link #invalidateUser} ends every live session of a user.</li>
 * </ul>
 * Server-side stores also merge parallel saves attribute by attribute. Failures to reach the store are
 * {@link SessionStoreException}s; a token that is malformed, forged, unknown or expired is simply absent.
 */
public interface SessionStore extends AutoCloseable {

    /**
     * The live session the token names, or empty when there is none (unknown, expired, invalidated, malformed,
     * forged). Restarts the session's idle timeout.
     */
    Optional<Session> load(String token);

    /** A new session with a fresh id; no store holds it until it is saved. */
    Session create();

    /**
     * Writes what the session changed and returns the token the client should hold now; empty when the session is
     * gone: invalidated by this request, or expired or invalidated elsewhere since it was loaded.
     */
    Optional<String> save(Session session);

    /** Ends every live session of {@code user}. */
    void invalidateUser(String user);

    /** The timeouts the store applies. */
    SessionTimeouts timeouts();

    /** Whether the store's server answers now (for health checks); stores without a server always do. */
    default boolean answers() {
        return true;
    }

    /** Releases connections; the store is unusable afterwards. */
    @Override
    void close();

    /**
     * Sessions in this JVM's memory, for one instance in development only: they vanish on restart and other
     * instances cannot see them, which defeats the point of this library in production.
     */
    static SessionStore inMemory(SessionTimeouts timeouts) {
        return new InMemorySessionStore(timeouts, java.time.Clock.systemUTC());
    }

    /**
     * Sessions in signed JWTs (the client's cookie holds the whole session): no server state unless the settings
     * name a {@link RevocationList}, which logouts, id rotation and {@link #invalidateUser} need to take effect before
     * a token expires. Parallel requests do not merge: the last token the client stores wins.
     */
    static SessionStore jwt(JwtSettings settings) {
        return new JwtSessionStore(settings);
    }

    /**
     * Sessions in a standalone Redis ({@code redis://host:port}, {@code rediss://} for TLS): one hash per session,
     * one round trip to load and one to save, only changed attributes written. Commands time out after 2 seconds.
     *
     * @throws SessionStoreException when Redis cannot be reached
     */
    static SessionStore redis(String redisUri, SessionTimeouts timeouts) {
        return new RedisSessionStore(RedisConnection.standalone("session store", redisUri,
            java.time.Duration.ofSeconds(2)), timeouts);
    }

    /**
     * Sessions in a Redis Cluster, found through any of its nodes ({@code redis://host:port} each); as
     * {@link #redis}, with every session in one slot and the user index in another.
     *
     * @throws SessionStoreException when the cluster cannot be reached
     */
    static SessionStore redisCluster(java.util.List<String> seedUris, SessionTimeouts timeouts) {
        return new RedisSessionStore(RedisConnection.cluster("session store", seedUris,
            java.time.Duration.ofSeconds(2)), timeouts);
    }
}
