package dev.horizon.fleet;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A tiny HTTP service that tests run as a real child process ({@code java -cp … dev.horizon.fleet.TestService}):
 * listens on 127.0.0.1 at {@code --port=N} (default: {@code $PORT}) and answers
 * <ul>
 *   <li>{@code /health} by the pattern {@code --health=PFP…}: the n-th request gets 200 for {@code P} and 503 for
 *       {@code F}, the last letter repeating; each is logged as {@code health N STATUS} before it is answered;
 *   <li>{@code /exit?code=N} by exiting at once with status N (no shutdown hooks);
 *   <li>anything else with 200 {@code hello from INSTANCE_ID}.
 * </ul>
 * It prints {@code listening on PORT as INSTANCE_ID of SERVICE} when it accepts connections and {@code TERM received}
 * from a shutdown hook, so a SIGTERM shows in its log.
 */
public final class TestService {

    private TestService() {
    }

    /** Runs the service until it is stopped. */
    public static void main(String[] args) throws IOException {
        int port = Integer.parseInt(option(args, "--port", Objects.requireNonNullElse(System.getenv("PORT"), "0")));
        String health = option(args, "--health", "P");
        AtomicInteger healthRequests = new AtomicInteger();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> System.out.println("TERM received")));
        try (ServerSocket server = new ServerSocket(port, 50, InetAddress.getLoopbackAddress())) {
            System.out.println("listening on " + server.getLocalPort() + " as " + System.getenv("INSTANCE_ID") + " of "
                + System.getenv("SERVICE"));
            while (true) {
                Socket socket = server.accept();
                Thread.ofVirtual().start(() -> serve(socket, health, healthRequests));
            }
        }
    }

    private static String option(String[] args, String name, String otherwise) {
        for (String arg : args) {
            if (arg.startsWith(name + "=")) {
                return arg.substring(name.length() + 1);
            }
        }
        return otherwise;
    }

    private static void serve(Socket socket, String health, AtomicInteger healthRequests) {
        try (socket) {
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                StandardCharsets.US_ASCII));
            String requestLine = in.readLine();
            for (String line = in.readLine(); line != null && !line.isEmpty(); line = in.readLine()) {
                // headers are ignored
            }
            String target = requestLine == null ? "/" : requestLine.split(" ")[1];
            int status = 200;
            String body = "hello from " + System.getenv("INSTANCE_ID");
            if (target.equals("/health")) {
                int n = healthRequests.incrementAndGet();
                char verdict = health.charAt(Math.min(n, health.length()) - 1);
                status = verdict == 'P' ? 200 : 503;
                body = "health " + n;
                System.out.println("health " + n + " " + status);
            } else if (target.startsWith("/exit?code=")) {
                Runtime.getRuntime().halt(Integer.parseInt(target.substring("/exit?code=".length())));
            }
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            OutputStream out = socket.getOutputStream();
            out.write(("HTTP/1.1 " + status + " X\r\nContent-Length: " + bytes.length + "\r\nConnection: close\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
            out.write(bytes);
            out.flush();
        } catch (IOException | RuntimeException e) {
            System.out.println("request failed: " + e);
        }
    }
}
