package dev.horizon.control;

import dev.horizon.autoscale.MetricReading;
import dev.horizon.fleet.FleetStatus;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * A queue's depth as a metric: the length of a Redis list ({@code LLEN}), read once per control period over one
 * Lettuce connection that lives as long as the autoscale loop. A Redis that cannot be reached, or answers with an
 * error, makes the metric missing for that period ({@link MetricReading.Failed}); it never stops the loop.
 *
 * <p>Implementation notes: the connection is opened at the first read, not at start, so a Redis that is down when
 * Horizon starts is one more missing reading rather than a failed start; until it is open each read tries again.
 * Once open, Lettuce reconnects by itself after an outage (its {@code ConnectionWatchdog}, with exponential backoff).
 * Commands are rejected while it is disconnected ({@link ClientOptions.DisconnectedBehavior#REJECT_COMMANDS}) instead
 * of being queued for the reconnect, so a reading during an outage fails at once and an old queued {@code LLEN} never
 * answers a later period; connect and command time out after the given timeout.
 */
final class RedisQueueLength implements MetricFeed {

    private static final String EXPECTED_URL = "(expected: redis://host:port[/db])";

    private final String where;
    private final String key;
    private final RedisClient client;
    private @Nullable StatefulRedisConnection<String, String> connection;
    private boolean closed;

    private RedisQueueLength(RedisURI uri, String key, Duration timeout) {
        this.where = "redis " + uri.getHost() + ":" + uri.getPort();
        this.key = key;
        uri.setTimeout(timeout);
        this.client = RedisClient.create(uri);
        client.setOptions(ClientOptions.builder()
            .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
            .socketOptions(SocketOptions.builder().connectTimeout(timeout).build())
            .build());
    }

    /**
     * A feed of the length of the list {@code key} on the server {@code url} names,
     * {@code redis://[[user]:password@]host[:port][/db]}; it connects at its first read.
     *
     * @throws IllegalArgumentException when the URL is not of that form or the key is empty
     */
    static RedisQueueLength open(String url, String key, Duration timeout) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("url: '" + url + "' " + EXPECTED_URL, e);
        }
        if (!"redis".equals(uri.getScheme()) || uri.getHost() == null) {
            throw new IllegalArgumentException("url: '" + url + "' " + EXPECTED_URL);
        }
        String path = uri.getPath() == null ? "" : uri.getPath();
        if (!path.isEmpty() && !path.equals("/") && !path.substring(1).chars().allMatch(Character::isDigit)) {
            throw new IllegalArgumentException("url: '" + url + "' (expected: a database number after the port)");
        }
        if (key.isEmpty()) {
            throw new IllegalArgumentException("key: empty (expected: the list's key)");
        }
        return new RedisQueueLength(RedisURI.create(url), key, timeout);
    }

    @Override
    public synchronized MetricReading read(FleetStatus fleet) {
        if (closed) {
            return new MetricReading.Failed(where + ": closed");
        }
        StatefulRedisConnection<String, String> c = connection;
        if (c == null) {
            try {
                c = client.connect();
            } catch (RedisException e) {
                return new MetricReading.Failed(where + ": cannot connect: " + rootMessage(e));
            }
            connection = c;
        }
        try {
            return new MetricReading.Single(c.sync().llen(key));
        } catch (RedisException e) {
            return new MetricReading.Failed(where + ": LLEN " + key + ": " + rootMessage(e));
        }
    }

    /** The message of the innermost cause: Lettuce wraps the server's answer or the socket's error. */
    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return String.valueOf(root.getMessage());
    }

    /** Closes the connection and Lettuce's threads; the feed reads nothing afterwards. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        StatefulRedisConnection<String, String> c = connection;
        if (c != null) {
            c.close();
        }
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    }
}
