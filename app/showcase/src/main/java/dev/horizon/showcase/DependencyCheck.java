package dev.horizon.showcase;

import dev.horizon.duration.DurationText;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks, before anything starts, that the Redis and PostgreSQL the demo was pointed at answer, so an unreachable one
 * fails the demo at once with its name instead of instances that never become ready. A Redis must answer {@code PING}
 * (any reply, {@code -NOAUTH} included, shows a Redis is there); a PostgreSQL must accept a TCP connection. Each check
 * takes at most {@link #TIMEOUT}.
 */
final class DependencyCheck {

    /** The longest a check may take. */
    static final Duration TIMEOUT = Duration.ofSeconds(2);

    private static final Pattern JDBC_HOST =
        Pattern.compile("jdbc:postgresql://(\\[[^\\]]+\\]|[^:/,?]+)(?::(\\d+))?.*");

    private DependencyCheck() {
    }

    /**
     * Connects to the Redis at {@code uri} ({@code redis://host:port}) and sends {@code PING}.
     *
     * @throws IllegalStateException naming Redis, the URI and the cause, when it does not answer
     */
    static void redis(String uri) {
        URI parsed;
        try {
            parsed = new URI(uri);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("--redis: '" + uri + "' is not a URI: " + e.getReason());
        }
        if (parsed.getHost() == null || !("redis".equals(parsed.getScheme()) || "rediss".equals(parsed.getScheme()))) {
            throw new IllegalArgumentException("--redis: '" + uri + "' (expected: redis://host:port)");
        }
        int port = parsed.getPort() > 0 ? parsed.getPort() : 6379;
        String where = "cannot reach Redis at " + uri + " (--redis): ";
        try (Socket socket = connect(parsed.getHost(), port, where)) {
            if ("rediss".equals(parsed.getScheme())) {
                return; // TLS: the shop does the handshake; a TCP connection is all this checks
            }
            socket.setSoTimeout((int) TIMEOUT.toMillis());
            OutputStream out = socket.getOutputStream();
            out.write("*1\r\n$4\r\nPING\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            int first = in.read();
            if (first != '+' && first != '-') {
                throw new IllegalStateException(where + (first < 0 ? "it closed the connection"
                    : "it does not answer like a Redis server") + " after PING");
            }
        } catch (SocketTimeoutException e) {
            throw new IllegalStateException(where + "no answer to PING within " + DurationText.format(TIMEOUT));
        } catch (IOException e) {
            throw new IllegalStateException(where + message(e));
        }
    }

    /**
     * Connects to the first host of a PostgreSQL JDBC URL ({@code jdbc:postgresql://host:port/db}).
     *
     * @throws IllegalStateException naming PostgreSQL, the address and the cause, when it refuses or does not answer
     */
    static void postgres(String jdbcUrl) {
        Matcher m = JDBC_HOST.matcher(jdbcUrl);
        if (!m.matches()) {
            return; // not a URL this can read (e.g. a unix socket); the seed step reports what is wrong
        }
        String host = m.group(1).startsWith("[") ? m.group(1).substring(1, m.group(1).length() - 1) : m.group(1);
        int port = m.group(2) == null ? 5432 : Integer.parseInt(m.group(2));
        String where = "cannot reach PostgreSQL at " + m.group(1) + ":" + port + " (--postgres " + jdbcUrl + "): ";
        try (Socket ignored = connect(host, port, where)) {
            // accepted
        } catch (IOException e) {
            throw new IllegalStateException(where + message(e));
        }
    }

    private static Socket connect(String host, int port, String where) {
        Socket socket = new Socket();
        try {
            socket.connect(new InetSocketAddress(host, port), (int) TIMEOUT.toMillis());
            return socket;
        } catch (SocketTimeoutException e) {
            close(socket);
            throw new IllegalStateException(where + "no connection within " + DurationText.format(TIMEOUT));
        } catch (IOException e) {
            close(socket);
            throw new IllegalStateException(where + message(e));
        }
    }

    private static void close(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // nothing was sent
        }
    }

    private static String message(IOException e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
