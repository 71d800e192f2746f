package dev.horizon.cli;

import static dev.horizon.cli.HorizonProcesses.freePort;
import static dev.horizon.cli.HorizonProcesses.horizonCommand;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code horizon backend} as a real process: under clients that reset their connections, as every load test's end
 * does, it keeps serving and prints neither Netty's "reached the tail of the pipeline" stack traces nor SLF4J's
 * "no providers" warning; and it plays a bad release from its flags.
 */
class BackendProcessTest {

    private @Nullable Process backend;

    @AfterEach
    void stop() {
        if (backend != null && backend.isAlive()) {
            backend.destroyForcibly();
        }
    }

    /** Sends {@code request} on a new connection and reads everything until the backend closes it. */
    private static String exchange(int port, String request) throws IOException {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(10_000);
            s.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            return new String(s.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
        }
    }

    /** Sends a request, waits for the first byte of the answer when {@code awaitAnswer}, then resets (RST). */
    private static void reset(int port, boolean awaitAnswer) throws IOException {
        Socket s = new Socket("127.0.0.1", port);
        s.setSoTimeout(10_000);
        OutputStream out = s.getOutputStream();
        out.write("GET /slow HTTP/1.1\r\nHost: b\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
        if (awaitAnswer) {
            InputStream in = s.getInputStream();
            assertThat(in.read()).isEqualTo('H');
        }
        s.setSoLinger(true, 0);
        s.close();
    }

    @Test
    void playsABadReleaseItsVersionOnEveryAnswerItsSeededErrorsAndItsDelay() throws Exception {
        int port = freePort();
        List<String> command = new ArrayList<>(horizonCommand());
        command.addAll(List.of("backend", "--port", String.valueOf(port), "--name", "b2", "--version", "v2",
            "--error-rate", "0.25", "--seed", "11", "--delay", "50ms"));
        backend = new ProcessBuilder(command).redirectErrorStream(true).start();
        BufferedReader output = new BufferedReader(new InputStreamReader(backend.getInputStream(),
            StandardCharsets.UTF_8));
        assertThat(output.readLine()).isEqualTo("horizon backend b2 on 127.0.0.1:" + port);
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        SplittableRandom model = new SplittableRandom(11);
        List<Integer> expected = new ArrayList<>();
        List<Integer> statuses = new ArrayList<>();

        for (int i = 0; i < 40; i++) {
            expected.add(model.nextDouble() < 0.25 ? 500 : 200);
            long before = System.nanoTime();
            HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                + "/item")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(System.nanoTime() - before).as("wall ns of request %d at --delay 50ms", i)
                .isGreaterThanOrEqualTo(50_000_000L);
            assertThat(r.headers().firstValue("X-Version")).hasValue("v2");
            assertThat(r.body()).isEqualTo(r.statusCode() == 500
                ? "{\"error\":\"injected\",\"backend\":\"b2\",\"version\":\"v2\"}\n"
                : "{\"backend\":\"b2\",\"path\":\"/item\",\"version\":\"v2\"}\n");
            statuses.add(r.statusCode());
        }

        assertThat(statuses).isEqualTo(expected).contains(500);
        backend.toHandle().destroy();
        assertThat(backend.waitFor(20, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void clientResetsLeaveNoStackTraceAndNoSlf4jWarning() throws Exception {
        int port = freePort();
        List<String> command = new ArrayList<>(horizonCommand());
        command.addAll(List.of("backend", "--port", String.valueOf(port), "--name", "b1", "--cost", "300ms"));
        backend = new ProcessBuilder(command).redirectErrorStream(true).start();
        List<String> lines = new ArrayList<>();
        BufferedReader output = new BufferedReader(new InputStreamReader(backend.getInputStream(),
            StandardCharsets.UTF_8));
        String first = output.readLine();
        assertThat(first).isEqualTo("horizon backend b1 on 127.0.0.1:" + port);
        Thread reader = Thread.ofPlatform().daemon().start(() -> {
            try {
                for (String line; (line = output.readLine()) != null;) {
                    synchronized (lines) {
                        lines.add(line);
                    }
                }
            } catch (IOException e) {
                synchronized (lines) {
                    lines.add("read failed: " + e);
                }
            }
        });

        for (int i = 0; i < 5; i++) {
            reset(port, false); // while the request is being served
            reset(port, true);  // after the answer, on a kept-alive connection
        }
        // one event loop serves every connection: the resets, sent before this connection opened, are handled first
        assertThat(exchange(port, "GET /health HTTP/1.1\r\nHost: b\r\nConnection: close\r\n\r\n"))
            .startsWith("HTTP/1.1 200 OK\r\n");

        backend.toHandle().destroy(); // SIGTERM, keeping the output open (Process.destroy closes it)
        assertThat(backend.waitFor(20, TimeUnit.SECONDS)).isTrue();
        reader.join(5_000);
        synchronized (lines) {
            assertThat(lines).isEmpty();
        }
    }
}
