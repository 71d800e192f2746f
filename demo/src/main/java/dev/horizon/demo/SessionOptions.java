package dev.horizon.demo;

import dev.horizon.session.JwtAlgorithm;
import dev.horizon.session.JwtKey;
import dev.horizon.session.JwtKeyRing;
import dev.horizon.session.JwtSettings;
import dev.horizon.session.RevocationList;
import dev.horizon.session.SessionStore;
import dev.horizon.session.SessionTimeouts;
import java.time.Duration;
import java.util.Base64;
import java.util.function.BooleanSupplier;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Option;

/** Where the shop keeps sessions: {@code --sessions jwt} (default), {@code redis} or {@code memory}. */
final class SessionOptions {

    /** The audience of the shop's tokens. */
    static final String AUDIENCE = "horizon-demo-shop";

    /** The session stores the demo can use. */
    enum Kind { JWT, REDIS, MEMORY }

    @Option(names = "--sessions", description = "jwt | redis | memory (default: $DEMO_SESSIONS, else jwt)",
        defaultValue = "${env:DEMO_SESSIONS:-jwt}", converter = KindConverter.class)
    Kind kind = Kind.JWT;

    @Option(names = "--redis", description = "Redis URI for --sessions redis (default: $DEMO_REDIS)",
        defaultValue = "${env:DEMO_REDIS}")
    @Nullable String redis;

    @Option(names = "--session-idle", description = "idle timeout in minutes (default: ${DEFAULT-VALUE})",
        defaultValue = "30")
    int idleMinutes;

    /** Parses the kind case-insensitively. */
    static final class KindConverter implements picocli.CommandLine.ITypeConverter<Kind> {
        @Override
        public Kind convert(String value) {
            try {
                return Kind.valueOf(value.toUpperCase(java.util.Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new picocli.CommandLine.TypeConversionException("'" + value
                    + "' (expected: jwt, redis or memory)");
            }
        }
    }

    SessionTimeouts timeouts() {
        return new SessionTimeouts(Duration.ofMinutes(idleMinutes), Duration.ofHours(12));
    }

    /**
     * Where the login throttle counts failures: with Redis sessions in that Redis, so the limits hold across every
     * instance; otherwise in this instance's memory (at most 100,000 keys), so each instance limits on its own.
     */
    AttemptStore loginAttempts(Duration forgetAfter) {
        return kind == Kind.REDIS && redis != null && !redis.isBlank() ? AttemptStore.redis(redis, forgetAfter)
            : AttemptStore.local(100_000, forgetAfter, java.time.InstantSource.system());
    }

    String describeLoginAttempts() {
        return kind == Kind.REDIS ? "shared in Redis" : "per instance";
    }

    @Option(names = "--jwt-secret-env", description = "environment variable holding the JWT signing secret, "
        + "Base64, at least 32 bytes (default: ${DEFAULT-VALUE})", defaultValue = "DEMO_JWT_SECRET")
    String jwtSecretEnv;

    @Option(names = "--jwt-revocations", description = "where JWT logouts and id rotations are kept: db (the shop's "
        + "database, so a logout holds on every instance) or none (a copied token stays valid until it expires) "
        + "(default: $DEMO_JWT_REVOCATIONS, else db)", defaultValue = "${env:DEMO_JWT_REVOCATIONS:-db}")
    String jwtRevocations = "db";

    SessionStore open(DataSource db) {
        return switch (kind) {
            case MEMORY -> SessionStore.inMemory(timeouts());
            case JWT -> SessionStore.jwt(JwtSettings.of(JwtKeyRing.of(JwtKey.hmac("demo-1", JwtAlgorithm.HS256,
                secret())), AUDIENCE, timeouts()).withRevocations(revocations(db)));
            case REDIS -> {
                if (redis == null || redis.isBlank()) {
                    throw new IllegalArgumentException("--sessions redis needs --redis URI (or $DEMO_REDIS)");
                }
                yield SessionStore.redis(redis, timeouts());
            }
        };
    }

    private RevocationList revocations(DataSource db) {
        return switch (jwtRevocations) {
            case "db" -> new JdbcRevocationList(db);
            case "none" -> RevocationList.none();
            default -> throw new IllegalArgumentException("--jwt-revocations: '" + jwtRevocations
                + "' (expected: db or none)");
        };
    }

    private byte[] secret() {
        String text = System.getenv(jwtSecretEnv);
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("--sessions jwt needs a signing secret in $" + jwtSecretEnv
                + " (Base64 of at least 32 random bytes, the same on every instance)");
        }
        try {
            return Base64.getDecoder().decode(text.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("$" + jwtSecretEnv + " is not Base64: " + e.getMessage(), e);
        }
    }

    BooleanSupplier health(SessionStore store) {
        return store::answers;
    }

    String describe() {
        return kind.name().toLowerCase(java.util.Locale.ROOT) + (kind == Kind.REDIS ? " at " + redis
            : kind == Kind.JWT ? " (revocations: " + jwtRevocations + ")" : "");
    }
}
