package dev.horizon.gateway;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

/**
 * A backend that speaks bytes, not HTTP objects: it reads each request until {@code complete} says the bytes so far
 * make one request, records them exactly, and answers with a scripted response written as is, so a test can send
 * what no HTTP library would (a close-delimited body, trailers, a malformed head) and see exactly what the gateway
 * forwarded.
 */
final class RawBackend implements AutoCloseable {

    private final ServerSocket server;
    private final String response;
    private final boolean closeAfterResponse;
    private final Predicate<String> complete;
    private final List<String> received = new CopyOnWriteArrayList<>();
    private final Thread acceptor;

    /**
     * @param response           written after each complete request
     * @param closeAfterResponse whether to close the connection after writing it (a close-delimited body)
     * @param complete           whether the bytes read so far on a connection (since its last request) are a whole
     *                           request
     */
    RawBackend(String response, boolean closeAfterResponse, Predicate<String> complete) throws IOException {
        this.server = new ServerSocket();
        server.bind(new InetSocketAddress("127.0.0.1", 0));
        this.response = response;
        this.closeAfterResponse = closeAfterResponse;
        this.complete = complete;
        this.acceptor = Thread.ofVirtual().start(this::accept);
    }

    /** A backend answering requests without a body (whose head ends the request). */
    static RawBackend answering(String response, boolean closeAfterResponse) throws IOException {
        return new RawBackend(response, closeAfterResponse, r -> r.contains("\r\n\r\n"));
    }

    String address() {
        return "127.0.0.1:" + server.getLocalPort();
    }

    /** Each request received, exactly as its bytes arrived (ISO-8859-1). */
    List<String> received() {
        return received;
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket s = server.accept();
                Thread.ofVirtual().start(() -> serve(s));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket s) {
        try (s) {
            InputStream in = s.getInputStream();
            OutputStream out = s.getOutputStream();
            ByteArrayOutputStream request = new ByteArrayOutputStream();
            byte[] buf = new byte[8192];
            for (int n; (n = in.read(buf)) > 0;) {
                request.write(buf, 0, n);
                String sofar = request.toString(StandardCharsets.ISO_8859_1);
                if (complete.test(sofar)) {
                    received.add(sofar);
                    request.reset();
                    out.write(response.getBytes(StandardCharsets.ISO_8859_1));
                    out.flush();
                    if (closeAfterResponse) {
                        return;
                    }
                }
            }
        } catch (SocketException e) {
            // the gateway closed the connection
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() throws Exception {
        server.close();
        acceptor.join(2_000);
    }
}
