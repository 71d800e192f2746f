package dev.horizon.app.scaling;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The length of a Redis list (a queue's depth), read with {@code LLEN} over a short-lived connection: one read per
 * control period needs no pool, and a fresh connection never carries a half-read reply from a timed-out read.
 */
final class RedisListLength {

    private final InetSocketAddress address;
    private final @Nullable String user;
    private final @Nullable String password;
    private final int database;
    private final String key;

    /**
     * A reader of {@code key} on the server {@code url} names: {@code redis://[[user]:password@]host[:port][/db]}.
     *
     * @throws IllegalArgumentException when the URL is not of that form
     */
    RedisListLength(String url, String key) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (java.net.URISyntaxException e) {
            throw new IllegalArgumentException("url: '" + url + "' (expected: redis://host:port[/db])", e);
        }
        if (!"redis".equals(uri.getScheme()) || uri.getHost() == null) {
            throw new IllegalArgumentException("url: '" + url + "' (expected: redis://host:port[/db])");
        }
        if (key.isEmpty()) {
            throw new IllegalArgumentException("key: empty (expected: the list's key)");
        }
        this.address = InetSocketAddress.createUnresolved(uri.getHost(), uri.getPort() < 0 ? 6379 : uri.getPort());
        String info = uri.getRawUserInfo();
        if (info == null) {
            this.user = null;
            this.password = null;
        } else {
            int colon = info.indexOf(':');
            String u = colon < 0 ? "" : decode(info.substring(0, colon));
            this.user = u.isEmpty() ? null : u;
            this.password = decode(colon < 0 ? info : info.substring(colon + 1));
        }
        String path = uri.getPath() == null ? "" : uri.getPath();
        if (path.isEmpty() || path.equals("/")) {
            this.database = 0;
        } else {
            try {
                this.database = Integer.parseInt(path.substring(1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("url: '" + url + "' (expected: a database number after the port)",
                    e);
            }
        }
        this.key = key;
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }

    /**
     * The list's length now (0 when the key does not exist).
     *
     * @throws IOException when the server cannot be reached in time or answers with an error
     */
    long read(Duration timeout) throws IOException {
        try (Socket s = new Socket()) {
            int millis = (int) Math.max(1, Math.min(Integer.MAX_VALUE, timeout.toMillis()));
            s.connect(new InetSocketAddress(address.getHostString(), address.getPort()), millis);
            s.setSoTimeout(millis);
            OutputStream out = s.getOutputStream();
            InputStream in = new BufferedInputStream(s.getInputStream());
            List<List<String>> commands = new ArrayList<>();
            if (password != null) {
                commands.add(user == null ? List.of("AUTH", password) : List.of("AUTH", user, password));
            }
            if (database != 0) {
                commands.add(List.of("SELECT", Integer.toString(database)));
            }
            commands.add(List.of("LLEN", key));
            for (List<String> c : commands) {
                out.write(encode(c));
            }
            out.flush();
            String reply = "";
            for (int i = 0; i < commands.size(); i++) {
                reply = line(in);
                if (reply.startsWith("-")) {
                    throw new IOException("redis " + address.getHostString() + ":" + address.getPort() + " answered "
                        + commands.get(i).getFirst() + " with " + reply.substring(1));
                }
            }
            if (!reply.startsWith(":")) {
                throw new IOException("redis answered LLEN with '" + reply + "' (expected: an integer)");
            }
            return Long.parseLong(reply.substring(1));
        }
    }

    private static byte[] encode(List<String> args) {
        StringBuilder b = new StringBuilder("*").append(args.size()).append("\r\n");
        for (String a : args) {
            b.append('$').append(a.getBytes(StandardCharsets.UTF_8).length).append("\r\n").append(a).append("\r\n");
        }
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static String line(InputStream in) throws IOException {
        StringBuilder b = new StringBuilder();
        while (true) {
            int c = in.read();
            if (c < 0) {
                throw new EOFException("redis closed the connection");
            }
            if (c == '\r') {
                in.read();
                return b.toString();
            }
            b.append((char) c);
            if (b.length() > 4096) {
                throw new IOException("redis reply line longer than 4096 bytes");
            }
        }
    }
}
