package dev.horizon.session;

import io.lettuce.core.RedisFuture;
import io.lettuce.core.ScriptOutputType;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/*
 * Implementation notes. A session is one hash, hz:s:{ID} (the braces make it one Cluster slot), holding _c (created,
 * epoch ms), _l (last load), _u (the user) and a:NAME per attribute (JSON text). Its TTL is the idle timeout, capped by
 * what is left of the lifetime; Redis expiring the key is the expiry. Expiry runs on Redis's clock (TIME inside the
 * scripts) and the creation time is the creating instance's, so drifting clocks shift a lifetime by their drift
 * at most.
 *
 * Every operation on one session is one script, so one round trip: LOAD reads the hash, drops it if past its
 * lifetime, records the access and restarts the TTL; SAVE writes only the changed fields and does nothing when the key
 * is gone (so a late write never brings back an expired or invalidated session); CREATE writes a whole new session.
 * An unchanged session is not written at all. Changing the id deletes the old key first and creates the new one only
 * if the old one still existed (two round trips, on login only).
 *
 * The user index hz:u:{USER} is a sorted set of session ids scored by their absolute deadline (created + lifetime).
 * Each write to it drops entries past their deadline and sets the key to expire with its last entry, so it never
 * outlives its sessions; an entry of a session that idled out earlier lingers at most until that deadline (deleting
 * a missing session is harmless). Index and session live in different slots, so they are written by separate
 * commands, sent together.
 */
final class RedisSessionStore implements SessionStore {

    private static final String NOW = "local t = redis.call('TIME') local now = t[1] * 1000 + math.floor(t[2] / 1000) ";

    private static final RedisScript LOAD = new RedisScript("load", NOW
        + "local h = redis.call('HGETALL', KEYS[1]) if #h == 0 then return {} end "
        + "local created = tonumber(redis.call('HGET', KEYS[1], '_c')) if not created then return {} end "
        + "local left = created + tonumber(ARGV[2]) - now "
        + "if left <= 0 then redis.call('DEL', KEYS[1]) return {} end "
        + "redis.call('HSET', KEYS[1], '_l', now) "
        + "redis.call('PEXPIRE', KEYS[1], math.min(tonumber(ARGV[1]), left)) return h", ScriptOutputType.MULTI);

    private static final RedisScript SAVE = new RedisScript("save", NOW
        + "local created = tonumber(redis.call('HGET', KEYS[1], '_c')) if not created then return 0 end "
        + "if created + tonumber(ARGV[1]) <= now then redis.call('DEL', KEYS[1]) return 0 end "
        + "if ARGV[2] == 'set' then redis.call('HSET', KEYS[1], '_u', ARGV[3]) "
        + "elseif ARGV[2] == 'clear' then redis.call('HDEL', KEYS[1], '_u') end "
        + "local sets = tonumber(ARGV[4]) local i = 5 "
        + "for n = 1, sets do redis.call('HSET', KEYS[1], 'a:' .. ARGV[i], ARGV[i + 1]) i = i + 2 end "
        + "while i <= #ARGV do redis.call('HDEL', KEYS[1], 'a:' .. ARGV[i]) i = i + 1 end return 1",
        ScriptOutputType.INTEGER);

    private static final RedisScript CREATE = new RedisScript("create", NOW
        + "local created = tonumber(ARGV[3]) "
        + "local left = created + tonumber(ARGV[2]) - now if left <= 0 then return 0 end "
        + "redis.call('DEL', KEYS[1]) redis.call('HSET', KEYS[1], '_c', created, '_l', now) "
        + "if ARGV[4] ~= '' then redis.call('HSET', KEYS[1], '_u', ARGV[4]) end "
        + "for i = 5, #ARGV, 2 do redis.call('HSET', KEYS[1], 'a:' .. ARGV[i], ARGV[i + 1]) end "
        + "redis.call('PEXPIRE', KEYS[1], math.min(tonumber(ARGV[1]), left)) return created",
        ScriptOutputType.INTEGER);

    private static final RedisScript INDEX = new RedisScript("index", NOW
        + "redis.call('ZADD', KEYS[1], ARGV[1], ARGV[2]) "
        + "redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', '(' .. now) "
        + "local last = redis.call('ZRANGE', KEYS[1], -1, -1, 'WITHSCORES') "
        + "if #last == 0 then return 0 end redis.call('PEXPIREAT', KEYS[1], last[2]) return 1",
        ScriptOutputType.INTEGER);

    private static final RedisScript END_IF_OWNED = new RedisScript("end-if-owned",
        "if redis.call('HGET', KEYS[1], '_u') == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0",
        ScriptOutputType.INTEGER);

    private final RedisConnection redis;
    private final SessionTimeouts timeouts;
    private final String idle;
    private final String lifetime;

    RedisSessionStore(RedisConnection redis, SessionTimeouts timeouts) {
        this.redis = redis;
        this.timeouts = timeouts;
        this.idle = Long.toString(timeouts.idle().toMillis());
        this.lifetime = Long.toString(timeouts.maxLifetime().toMillis());
    }

    static String key(String id) {
        return "hz:s:{" + id + "}";
    }

    static String userKey(String user) {
        return "hz:u:{" + user + "}";
    }

    @Override
    public Optional<Session> load(String token) {
        if (!SessionIds.looksValid(token)) {
            return Optional.empty();
        }
        Object answer = LOAD.run(redis, new String[] {key(token)}, idle, lifetime);
        if (!(answer instanceof List<?> flat) || flat.isEmpty()) {
            return Optional.empty();
        }
        Map<String, String> attributes = new HashMap<>();
        long created = 0;
        long last = 0;
        String user = null;
        for (int i = 0; i + 1 < flat.size(); i += 2) {
            String field = String.valueOf(flat.get(i));
            String value = String.valueOf(flat.get(i + 1));
            switch (field) {
                case "_c" -> created = Long.parseLong(value);
                case "_l" -> last = Long.parseLong(value);
                case "_u" -> user = value;
                default -> {
                    if (field.startsWith("a:")) {
                        attributes.put(field.substring(2), value);
                    }
                }
            }
        }
        return Optional.of(Session.stored(token, Instant.ofEpochMilli(created), Instant.ofEpochMilli(last), user,
            attributes));
    }

    @Override
    public Session create() {
        return Session.fresh(SessionIds.next(), Instant.now());
    }

    @Override
    public Optional<String> save(Session session) {
        String storedId = session.storedId();
        if (session.isInvalidated()) {
            if (storedId != null) {
                RedisScript.result(redis, redis.commands().del(key(storedId)), "delete a session");
            }
            return Optional.empty();
        }
        if (storedId == null) {
            return create(session, Long.toString(session.created().toEpochMilli()));
        }
        if (session.isRotated()) {
            Long deleted = RedisScript.result(redis, redis.commands().del(key(storedId)), "delete the old id");
            return deleted != null && deleted == 1 ? create(session, Long.toString(session.created().toEpochMilli()))
                : Optional.empty();
        }
        if (!session.isDirty()) {
            return Optional.of(storedId);
        }
        List<String> args = new ArrayList<>(List.of(lifetime,
            session.isUserChanged() ? (session.user() == null ? "clear" : "set") : "keep",
            session.user() == null ? "" : session.user()));
        List<String> removed = new ArrayList<>();
        List<String> set = new ArrayList<>();
        session.changes().forEach((name, value) -> {
            if (value == null) {
                removed.add(name);
            } else {
                set.add(name);
                set.add(value);
            }
        });
        args.add(Integer.toString(set.size() / 2));
        args.addAll(set);
        args.addAll(removed);
        String[] keys = {key(storedId)};
        String[] argv = args.toArray(String[]::new);
        RedisFuture<Object> saved = SAVE.send(redis.commands(), keys, argv);
        Index index = session.isUserChanged() && session.user() != null ? index(session, session.created()) : null;
        String previous = session.storedUser();
        RedisFuture<Long> unindexed = session.isUserChanged() && previous != null
            ? redis.commands().zrem(userKey(previous), storedId) : null;
        boolean live = Long.valueOf(1).equals(SAVE.await(redis, saved, keys, argv));
        if (unindexed != null) {
            RedisScript.result(redis, unindexed, "update the previous user's index");
        }
        if (index != null) {
            index.await();
        }
        return live ? Optional.of(storedId) : Optional.empty();
    }

    private Optional<String> create(Session session, String created) {
        List<String> args = new ArrayList<>(List.of(idle, lifetime, created,
            session.user() == null ? "" : session.user()));
        session.attributes().forEach((name, value) -> {
            args.add(name);
            args.add(value);
        });
        String[] keys = {key(session.id())};
        String[] argv = args.toArray(String[]::new);
        RedisFuture<Object> sent = CREATE.send(redis.commands(), keys, argv);
        Index index = session.user() != null ? index(session, session.created()) : null;
        Object answer = CREATE.await(redis, sent, keys, argv);
        if (index != null) {
            index.await();
        }
        return answer instanceof Long l && l > 0 ? Optional.of(session.id()) : Optional.empty();
    }

    /** A user-index write in flight. */
    private final class Index {
        private final RedisFuture<Object> sent;
        private final String[] keys;
        private final String[] args;

        Index(String user, String id, long deadline) {
            this.keys = new String[] {userKey(user)};
            this.args = new String[] {Long.toString(deadline), id};
            this.sent = INDEX.send(redis.commands(), keys, args);
        }

        void await() {
            INDEX.await(redis, sent, keys, args);
        }
    }

    private @Nullable Index index(Session session, Instant created) {
        String user = session.user();
        return user == null ? null
            : new Index(user, session.id(), created.plus(timeouts.maxLifetime()).toEpochMilli());
    }

    /*
     * A session is deleted only while it still belongs to the user (its user may have changed since it was indexed),
     * and only the ids read are taken out of the index, so a login that indexes a new session meanwhile keeps it.
     */
    @Override
    public void invalidateUser(String user) {
        String index = userKey(user);
        List<String> ids = RedisScript.result(redis, redis.commands().zrange(index, 0, -1), "read a user's sessions");
        if (ids.isEmpty()) {
            return;
        }
        List<RedisFuture<Object>> ends = new ArrayList<>();
        for (String id : ids) {
            ends.add(END_IF_OWNED.send(redis.commands(), new String[] {key(id)}, user));
        }
        for (int i = 0; i < ids.size(); i++) {
            END_IF_OWNED.await(redis, ends.get(i), new String[] {key(ids.get(i))}, user);
        }
        RedisScript.result(redis, redis.commands().zrem(index, ids.toArray(String[]::new)), "update a user's index");
    }

    @Override
    public SessionTimeouts timeouts() {
        return timeouts;
    }

    @Override
    public boolean answers() {
        return redis.answers();
    }

    @Override
    public void close() {
        redis.close();
    }
}
