package dev.horizon.fleet;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * Runs one readiness probe, blocking: a TCP connect, or {@code GET path HTTP/1.1} with {@code Connection: close} whose
 * status line decides. The whole probe (connect, write, status line) must finish within the probe's timeout. Run on a
 * virtual thread per probe, so a slow instance never holds up the fleet's thread.
 */
final class ReadinessProbe {

    private static final int MAX_STATUS_LINE = 1024;

    private ReadinessProbe() {
    }

    /** {@code null} when the probe passes, else why it failed (for the instance's status line). */
    static @Nullable String failure(Probe probe, String address) {
        int colon = address.lastIndexOf(':');
        if (colon < 0) {
            return "bad address " + address;
        }
        String host = address.substring(0, colon);
        int port = Integer.parseInt(address.substring(colon + 1));
        long deadline = System.nanoTime() + probe.timeout().toNanos();
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), remainingMillis(deadline));
            String path = probe.path();
            if (path == null) {
                return null;
            }
            socket.setSoTimeout(remainingMillis(deadline));
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + path + " HTTP/1.1\r\nHost: " + address + "\r\nUser-Agent: horizon-fleet\r\n"
                + "Connection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            int status = status(socket, deadline);
            return probe.expects(status) ? null : "status " + status;
        } catch (SocketTimeoutException e) {
            return "timed out after " + probe.timeout().toMillis() + "ms";
        } catch (IOException e) {
            return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        }
    }

    private static int status(Socket socket, long deadline) throws IOException {
        InputStream in = socket.getInputStream();
        StringBuilder line = new StringBuilder();
        while (line.length() < MAX_STATUS_LINE) {
            socket.setSoTimeout(remainingMillis(deadline));
            int b = in.read();
            if (b < 0 || b == '\n') {
                break;
            }
            line.append((char) b);
        }
        String[] parts = line.toString().trim().split(" ", 3);
        if (parts.length < 2 || !parts[0].startsWith("HTTP/") || !parts[1].matches("[1-5][0-9][0-9]")) {
            throw new IOException("not an HTTP response: '" + line.toString().trim() + "'");
        }
        return Integer.parseInt(parts[1]);
    }

    private static int remainingMillis(long deadline) throws SocketTimeoutException {
        long ms = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
        if (ms <= 0) {
            throw new SocketTimeoutException();
        }
        return (int) Math.min(ms, Integer.MAX_VALUE);
    }
}
