package dev.horizon.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.horizon.autoscale.MetricReading;
import dev.horizon.fleet.FleetStatus;
import dev.horizon.testing.RedisServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Against a real redis-server started by the test, stopped and started again for an outage. */
class RedisQueueLengthTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(2);
    private static final FleetStatus FLEET = new FleetStatus("work", 1, 1, 0, 0, 0, 0, null, null, List.of(),
        dev.horizon.sizing.Resources.UNLIMITED, null);

    private static MetricReading read(String url, String key) {
        try (RedisQueueLength length = RedisQueueLength.open(url, key, TIMEOUT)) {
            return length.read(FLEET);
        }
    }

    /** Reads until the reading is {@code expected}, for up to 20 s (Lettuce reconnects with a backoff). */
    private static MetricReading awaitReading(RedisQueueLength length, MetricReading expected)
            throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        MetricReading last = length.read(FLEET);
        while (!last.equals(expected) && System.nanoTime() < deadline) {
            Thread.sleep(100);
            last = length.read(FLEET);
        }
        return last;
    }

    @Test
    void readsTheLengthOfAListInTheGivenDatabase(@TempDir Path dir) throws Exception {
        try (RedisServer redis = new RedisServer(dir)) {
            String url = "redis://127.0.0.1:" + redis.port();
            assertThat(read(url, "jobs")).as("absent key").isEqualTo(new MetricReading.Single(0));
            redis.cli("RPUSH", "jobs", "a", "b", "c");
            redis.cli("-n", "2", "RPUSH", "jobs", "x");

            assertThat(read(url, "jobs")).isEqualTo(new MetricReading.Single(3));
            assertThat(read(url + "/2", "jobs")).isEqualTo(new MetricReading.Single(1));
            redis.cli("SET", "text", "v");
            assertThat(read(url, "text")).isEqualTo(new MetricReading.Failed("redis 127.0.0.1:" + redis.port()
                + ": LLEN text: WRONGTYPE Operation against a key holding the wrong kind of value"));
        }
    }

    @Test
    void authenticatesWithThePasswordInTheUrl(@TempDir Path dir) throws Exception {
        try (RedisServer redis = new RedisServer(dir, "--requirepass", "s3cr%t")) {
            redis.cli("-a", "s3cr%t", "--no-auth-warning", "RPUSH", "q", "1", "2");

            assertThat(read("redis://:s3cr%25t@127.0.0.1:" + redis.port(), "q"))
                .isEqualTo(new MetricReading.Single(2));
            assertThat(read("redis://:wrong@127.0.0.1:" + redis.port(), "q")).asString()
                .startsWith("Failed[reason=redis 127.0.0.1:" + redis.port() + ": cannot connect: WRONGPASS");
            assertThat(read("redis://127.0.0.1:" + redis.port(), "q"))
                .asString().startsWith("Failed[reason=redis 127.0.0.1:" + redis.port() + ": cannot connect: NOAUTH");
        }
    }

    @Test
    void anUnreachableServerMakesTheMetricMissing() {
        assertThat(read("redis://127.0.0.1:1", "q")).asString()
            .startsWith("Failed[reason=redis 127.0.0.1:1: cannot connect: ").endsWith("Connection refused]");
    }

    /** An outage after the connection opened: missing readings while it lasts, the length again once it is over. */
    @Test
    void anOutageMakesTheMetricMissingUntilLettuceReconnects(@TempDir Path dir) throws Exception {
        try (RedisServer redis = new RedisServer(dir);
             RedisQueueLength length = RedisQueueLength.open("redis://127.0.0.1:" + redis.port(), "jobs", TIMEOUT)) {
            redis.cli("RPUSH", "jobs", "a", "b");
            assertThat(length.read(FLEET)).isEqualTo(new MetricReading.Single(2));

            redis.stop();
            assertThat(length.read(FLEET)).isInstanceOf(MetricReading.Failed.class);
            assertThat(length.read(FLEET)).isInstanceOf(MetricReading.Failed.class);

            redis.start();
            redis.cli("RPUSH", "jobs", "x");
            assertThat(awaitReading(length, new MetricReading.Single(1))).isEqualTo(new MetricReading.Single(1));
        }
    }

    @Test
    void aClosedFeedReadsNothing(@TempDir Path dir) throws Exception {
        try (RedisServer redis = new RedisServer(dir)) {
            RedisQueueLength length = RedisQueueLength.open("redis://127.0.0.1:" + redis.port(), "q", TIMEOUT);
            assertThat(length.read(FLEET)).isEqualTo(new MetricReading.Single(0));

            length.close();
            length.close();

            assertThat(length.read(FLEET)).isEqualTo(new MetricReading.Failed("redis 127.0.0.1:" + redis.port()
                + ": closed"));
        }
    }

    @Test
    void badUrlsAreRefusedClearly() {
        assertThatThrownBy(() -> RedisQueueLength.open("http://x", "q", TIMEOUT)).hasMessage(
            "url: 'http://x' (expected: redis://host:port[/db])");
        assertThatThrownBy(() -> RedisQueueLength.open("redis://h:1/x", "q", TIMEOUT)).hasMessage(
            "url: 'redis://h:1/x' (expected: a database number after the port)");
        assertThatThrownBy(() -> RedisQueueLength.open("redis://h:1", "", TIMEOUT)).hasMessage(
            "key: empty (expected: the list's key)");
    }
}
