package dev.horizon.cli;

import static dev.horizon.cli.HorizonProcesses.await;
import static dev.horizon.cli.HorizonProcesses.freePort;
import static dev.horizon.cli.HorizonProcesses.java;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code horizon up} as a real process: serves from the file, reloads on SIGHUP and on file change, rejects a bad
 * file and keeps running, answers the admin API, and exits 0 after draining on SIGTERM.
 */
class HorizonUpProcessTest {

    /** The time a log line of the running process starts with (TimestampedLines), and its space. */
    private static final String TIME = "^\\d{4}-\\d\\d-\\d\\dT\\S+ ";

    @TempDir
    Path dir;

    private final HttpClient client = HttpClient.newHttpClient();
    private @Nullable Process horizon;
    private @Nullable Process backend;

    @AfterEach
    void stop() {
        for (Process p : new Process[] {horizon, backend}) {
            if (p != null && p.isAlive()) {
                p.destroyForcibly();
            }
        }
        client.close();
    }

    private String config(int listen, int admin, int backendPort, String prefix) {
        return "gateway:\n  listen: 127.0.0.1:" + listen + "\n  admin: 127.0.0.1:" + admin + "\n"
            + "routes:\n  - match: { path-prefix: " + prefix + " }\n    service: shop\n"
            + "services:\n  shop:\n    balance: round-robin\n    endpoints:\n      - 127.0.0.1:" + backendPort + "\n";
    }

    private HttpResponse<String> get(int port, String path) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void servesReloadsRejectsBadFilesAndDrainsOnSigterm() throws Exception {
        int backendPort = freePort();
        int listen = freePort();
        int admin = freePort();
        BlockingQueue<String> backendLines = new LinkedBlockingQueue<>();
        backend = java(backendLines, "backend", "--port", String.valueOf(backendPort), "--name", "b1");
        await(backendLines, "horizon backend b1");
        Path file = dir.resolve("horizon.yaml");
        Files.writeString(file, config(listen, admin, backendPort, "/a/"));
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        horizon = java(lines, "up", "-c", file.toString());
        await(lines, "horizon: gateway on 127.0.0.1:" + listen);

        assertThat(get(listen, "/a/x").body()).isEqualTo("{\"backend\":\"b1\",\"path\":\"/a/x\"}\n");
        assertThat(get(listen, "/b/x").statusCode()).isEqualTo(404);

        Files.writeString(file, config(listen, admin, backendPort, "/b/"));
        await(lines, "horizon: reloaded");
        assertThat(get(listen, "/b/x").statusCode()).isEqualTo(200);
        assertThat(get(listen, "/a/x").statusCode()).isEqualTo(404);

        Files.writeString(file, config(listen, admin, backendPort, "/c/").replace("round-robin", "round-robn"));
        assertThat(await(lines, "reload rejected")).contains(file + ":").contains("did you mean 'round-robin'?");
        assertThat(get(listen, "/b/x").statusCode()).as("old configuration keeps running").isEqualTo(200);

        Files.writeString(file, config(listen, admin, backendPort, "/d/"));
        await(lines, "horizon: reloaded");
        new ProcessBuilder("kill", "-HUP", String.valueOf(horizon.pid())).start().waitFor();
        await(lines, "horizon: reloaded");
        assertThat(get(listen, "/d/x").statusCode()).isEqualTo(200);

        HttpResponse<String> services = get(admin, "/admin/services");
        assertThat(services.body()).startsWith("{\"services\":[{\"name\":\"shop\",\"balance\":\"round-robin\"")
            .contains("\"id\":\"127.0.0.1:" + backendPort + "\",\"health\":\"healthy\",\"weight\":1");
        assertThat(get(admin, "/metrics").body()).contains("horizon_requests_total{service=\"shop\",route=\"route-0\","
            + "code=\"200\"}");

        new ProcessBuilder("kill", "-TERM", String.valueOf(horizon.pid())).start().waitFor();
        assertThat(horizon.waitFor(20, TimeUnit.SECONDS)).isTrue();
        assertThat(horizon.exitValue()).isZero();
        await(lines, "horizon: stopped");
    }

    @Test
    void badConfigurationExitsTwoWithOneLine() throws Exception {
        Path file = dir.resolve("bad.yaml");
        Files.writeString(file, "gateway:\n  listen: 127.0.0.1:8080\n  helth: 1\n");
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        horizon = java(lines, "up", "-c", file.toString());

        assertThat(horizon.waitFor(20, TimeUnit.SECONDS)).isTrue();
        assertThat(horizon.exitValue()).isEqualTo(2);
        Thread.sleep(200);
        assertThat(lines).hasSize(1);
        assertThat(lines.peek()).startsWith("horizon up: " + file + ":3: unknown key 'helth' under gateway");
    }

    /** The first line starting with {@code prefix} a process printed before it exited (within 20 s). */
    private static String exitLine(Process p, BlockingQueue<String> lines, String prefix) throws Exception {
        assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
        return HorizonProcesses.await(lines, prefix);
    }

    @Test
    void aListenOrAdminAddressInUseIsAConfigurationErrorAndExitsTwo() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
            int port = taken.getLocalPort();
            Path file = dir.resolve("listen.yaml");
            Files.writeString(file, config(port, freePort(), 1, "/"));
            BlockingQueue<String> lines = new LinkedBlockingQueue<>();
            horizon = java(lines, "up", "-c", file.toString());
            assertThat(exitLine(horizon, lines, "horizon up:")).startsWith("horizon up: " + file
                + ": gateway.listen: cannot listen on 127.0.0.1:" + port + ": ").endsWith("Address already in use");
            assertThat(horizon.exitValue()).isEqualTo(2);

            Path adminFile = dir.resolve("admin.yaml");
            Files.writeString(adminFile, config(freePort(), port, 1, "/"));
            BlockingQueue<String> adminLines = new LinkedBlockingQueue<>();
            horizon = java(adminLines, "up", "-c", adminFile.toString());
            assertThat(exitLine(horizon, adminLines, "horizon up:")).startsWith("horizon up: " + adminFile
                + ": gateway.admin: cannot listen on 127.0.0.1:" + port + ": ").endsWith("Address already in use");
            assertThat(horizon.exitValue()).isEqualTo(2);
        }
    }

    @Test
    void anAdminSetWeightLastsUntilTheNextReloadAndARejectedAdminReloadIsLogged() throws Exception {
        int listen = freePort();
        int admin = freePort();
        Path file = dir.resolve("horizon.yaml");
        Files.writeString(file, config(listen, admin, 1, "/a/"));
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        horizon = java(lines, "up", "-c", file.toString());
        await(lines, "horizon: gateway on 127.0.0.1:" + listen);
        AdminClientForTests client = new AdminClientForTests(admin);

        assertThat(client.post("/admin/services/shop/endpoints/127.0.0.1:1/weight", "{\"weight\": 7}"))
            .isEqualTo(200);
        assertThat(client.get("/admin/services")).contains("\"id\":\"127.0.0.1:1\",\"health\":\"healthy\","
            + "\"weight\":7");
        assertThat(client.post("/admin/reload", "")).isEqualTo(200);
        await(lines, "horizon: reloaded");
        assertThat(client.get("/admin/services")).as("the reload put the file's weight back")
            .contains("\"id\":\"127.0.0.1:1\",\"health\":\"healthy\",\"weight\":1");

        Files.writeString(file, config(listen, admin, 1, "/a/").replace("round-robin", "round-robn"));
        assertThat(client.post("/admin/reload", "")).isEqualTo(400);
        assertThat(await(lines, "reload rejected (POST /admin/reload)").replaceFirst(TIME, ""))
            .startsWith("horizon: reload rejected (POST /admin/reload), the running configuration stays: " + file
                + ":").contains("did you mean 'round-robin'?");
    }
}
