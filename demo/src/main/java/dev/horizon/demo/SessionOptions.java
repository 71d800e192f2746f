package dev.horizon.demo;

import dev.horizon.session.SessionStore;
import dev.horizon.session.SessionTimeouts;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Option;

/** Where the shop keeps sessions: {@code --sessions jwt} (default), {@code redis} or {@code memory}. */
final class SessionOptions {

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

    SessionStore open(DataSource db) {
        return switch (kind) {
            case MEMORY, JWT -> SessionStore.inMemory(timeouts());
            case REDIS -> throw new IllegalArgumentException("--sessions " + describe()
                + ": not available in this build");
        };
    }

    BooleanSupplier health(SessionStore store) {
        return () -> true;
    }

    String describe() {
        return kind.name().toLowerCase(java.util.Locale.ROOT);
    }
}
