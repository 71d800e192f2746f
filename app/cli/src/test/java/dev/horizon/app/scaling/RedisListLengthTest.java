package dev.horizon.app.scaling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.horizon.testing.RedisServer;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Against a real redis-server started by the test. */
class RedisListLengthTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(2);

    @Test
    void readsTheLengthOfAListInTheGivenDatabase(@TempDir Path dir) throws Exception {
        try (RedisServer redis = new RedisServer(dir)) {
            String url = "redis://127.0.0.1:" + redis.port();
            assertThat(new RedisListLength(url, "jobs").read(TIMEOUT)).as("absent key").isZero();
            redis.cli("RPUSH", "jobs", "a", "b", "c");
            redis.cli("-n", "2", "RPUSH", "jobs", "x");
            assertThat(new RedisListLength(url, "jobs").read(TIMEOUT)).isEqualTo(3);
            assertThat(new RedisListLength(url + "/2", "jobs").read(TIMEOUT)).isEqualTo(1);
            redis.cli("SET", "text", "v");
            assertThatThrownBy(() -> new RedisListLength(url, "text").read(TIMEOUT)).isInstanceOf(IOException.class)
                .hasMessageContaining("answered LLEN with WRONGTYPE");
        }
    }

    @Test
    void authenticatesWithThePasswordInTheUrl(@TempDir Path dir) throws Exception {
        try (RedisServer redis = new RedisServer(dir, "--requirepass", "s3cr%t")) {
            redis.cli("-a", "s3cr%t", "--no-auth-warning", "RPUSH", "q", "1", "2");
            assertThat(new RedisListLength("redis://:s3cr%25t@127.0.0.1:" + redis.port(), "q").read(TIMEOUT))
                .isEqualTo(2);
            assertThatThrownBy(() -> new RedisListLength("redis://:wrong@127.0.0.1:" + redis.port(), "q")
                .read(TIMEOUT)).isInstanceOf(IOException.class).hasMessageContaining("answered AUTH with");
            assertThatThrownBy(() -> new RedisListLength("redis://127.0.0.1:" + redis.port(), "q").read(TIMEOUT))
                .isInstanceOf(IOException.class).hasMessageContaining("NOAUTH");
        }
    }

    @Test
    void unreachableServerIsAnIoError() {
        assertThatThrownBy(() -> new RedisListLength("redis://127.0.0.1:1", "q").read(TIMEOUT))
            .isInstanceOf(IOException.class);
    }

    @Test
    void badUrlsAreRefusedClearly() {
        assertThatThrownBy(() -> new RedisListLength("http://x", "q")).hasMessage(
            "url: 'http://x' (expected: redis://host:port[/db])");
        assertThatThrownBy(() -> new RedisListLength("redis://h:1/x", "q")).hasMessage(
            "url: 'redis://h:1/x' (expected: a database number after the port)");
        assertThatThrownBy(() -> new RedisListLength("redis://h:1", "")).hasMessage(
            "key: empty (expected: the list's key)");
    }
}
