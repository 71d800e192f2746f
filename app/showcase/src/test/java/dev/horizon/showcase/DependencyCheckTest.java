package dev.horizon.showcase;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.horizon.testing.RedisServer;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The demo's check of its dependencies, against a real redis-server and real sockets. */
class DependencyCheckTest {

    @TempDir
    Path dir;

    @Test
    void aRedisThatAnswersPingPasses() throws Exception {
        try (RedisServer redis = new RedisServer(dir)) {
            assertThatCode(() -> DependencyCheck.redis("redis://127.0.0.1:" + redis.port())).doesNotThrowAnyException();
        }
    }

    @Test
    void anUnreachableRedisFailsAtOnceNamingIt() {
        assertThatThrownBy(() -> DependencyCheck.redis("redis://127.0.0.1:1"))
            .isInstanceOf(IllegalStateException.class)
            .hasMessage("cannot reach Redis at redis://127.0.0.1:1 (--redis): Connection refused");
    }

    @Test
    void aListenerThatNeverAnswersPingFailsWithinTheTimeout() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            assertThatThrownBy(() -> DependencyCheck.redis("redis://127.0.0.1:" + silent.getLocalPort()))
                .isInstanceOf(IllegalStateException.class).hasMessage("cannot reach Redis at redis://127.0.0.1:"
                    + silent.getLocalPort() + " (--redis): no answer to PING within 2s");
        }
    }

    @Test
    void aBadRedisUriIsAUsageError() {
        assertThatThrownBy(() -> DependencyCheck.redis("http://127.0.0.1:6379"))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessage("--redis: 'http://127.0.0.1:6379' (expected: redis://host:port)");
    }

    @Test
    void anUnreachablePostgresFailsNamingIt() {
        assertThatThrownBy(() -> DependencyCheck.postgres("jdbc:postgresql://127.0.0.1:1/shop"))
            .isInstanceOf(IllegalStateException.class).hasMessage("cannot reach PostgreSQL at 127.0.0.1:1 "
                + "(--postgres jdbc:postgresql://127.0.0.1:1/shop): Connection refused");
    }

    @Test
    void aListeningPostgresPortPasses() throws Exception {
        try (ServerSocket listening = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            assertThatCode(() -> DependencyCheck.postgres("jdbc:postgresql://127.0.0.1:" + listening.getLocalPort()
                + "/shop?sslmode=disable")).doesNotThrowAnyException();
        }
    }
}
