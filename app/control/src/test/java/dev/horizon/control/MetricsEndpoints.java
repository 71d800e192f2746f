package dev.horizon.control;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Instances' {@code /metrics} on real loopback sockets, for the collectors' tests; closing stops them all. */
final class MetricsEndpoints implements AutoCloseable {

    private final List<ServerSocket> servers = new ArrayList<>();

    /** An endpoint answering every request with {@code body}; returns its address. */
    String answering(String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        return serve(("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: " + bytes.length
            + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII), bytes, false);
    }

    /** An endpoint that sends a response head promising a body, then never sends it; returns its address. */
    String stalling() throws IOException {
        return serve("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 100\r\n\r\n"
            .getBytes(StandardCharsets.US_ASCII), new byte[0], true);
    }

    private String serve(byte[] head, byte[] body, boolean hold) throws IOException {
        ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        servers.add(server);
        Thread.ofVirtual().start(() -> {
            List<Socket> held = new ArrayList<>();
            while (!server.isClosed()) {
                try {
                    Socket s = server.accept();
                    BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(),
                        StandardCharsets.US_ASCII));
                    for (String line = in.readLine(); line != null && !line.isEmpty(); line = in.readLine()) {
                        // the request head; every request gets the same answer
                    }
                    s.getOutputStream().write(head);
                    s.getOutputStream().write(body);
                    s.getOutputStream().flush();
                    if (hold) {
                        held.add(s); // open, the body never coming, until the test ends
                    } else {
                        s.close();
                    }
                } catch (IOException closed) {
                    break;
                }
            }
            for (Socket s : held) {
                try {
                    s.close();
                } catch (IOException ignored) {
                    // closing at the end of a test
                }
            }
        });
        return "127.0.0.1:" + server.getLocalPort();
    }

    @Override
    public void close() {
        for (ServerSocket s : servers) {
            try {
                s.close();
            } catch (IOException ignored) {
                // closing a listener in a test
            }
        }
    }
}
