package dev.horizon.gateway.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.horizon.gateway.EndpointConfig;
import dev.horizon.gateway.GatewayConfig;
import dev.horizon.gateway.ServiceConfig;
import dev.horizon.gateway.TcpListener;
import dev.horizon.gateway.internal.tcp.TcpLog;
import dev.horizon.testing.Eventually;
import dev.horizon.testing.PostgresServer;
import dev.horizon.testing.RedisServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** L4 listeners end to end: real redis-server and PostgreSQL behind the gateway, real clients in front. */
class TcpRelayTest {

    @TempDir
    Path dir;

    private final ConcurrentLinkedQueue<TcpLog.Entry> log = new ConcurrentLinkedQueue<>();

    private static void assumeOnPath(String binary) {
        boolean found = false;
        for (String d : Objects.requireNonNullElse(System.getenv("PATH"), "").split(":")) {
            found |= Files.isExecutable(Path.of(d, binary));
        }
        Assumptions.assumeTrue(found, binary + " is not installed (apt-get install redis-server)");
    }

    private DataPlane start(String service, List<Integer> ports) {
        List<EndpointConfig> endpoints = new ArrayList<>();
        for (int p : ports) {
            endpoints.add(new EndpointConfig("127.0.0.1:" + p, 1, ""));
        }
        GatewayConfig config = GatewayConfig.of(new InetSocketAddress("127.0.0.1", 0), List.of(),
            List.of(ServiceConfig.of(service, endpoints)))
            .withTcp(List.of(TcpListener.of("front", new InetSocketAddress("127.0.0.1", 0), service)));
        return DataPlane.start(config, log::add);
    }

    private static int port(DataPlane plane) {
        return Objects.requireNonNull(plane.tcpAddress("front")).getPort();
    }

    private static String cli(int port, String... args) throws IOException, InterruptedException {
        List<String> argv = new ArrayList<>(List.of("redis-cli", "-p", Integer.toString(port)));
        argv.addAll(List.of(args));
        Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        p.waitFor(10, TimeUnit.SECONDS);
        return out;
    }

    @Test
    void redisCliTalksToRedisThroughTheListener() throws Exception {
        assumeOnPath("redis-server");
        try (RedisServer redis = new RedisServer(dir)) {
            DataPlane plane = start("redis", List.of(redis.port()));
            try {
                assertThat(cli(port(plane), "SET", "greeting", "hello")).isEqualTo("OK");
                assertThat(cli(port(plane), "GET", "greeting")).isEqualTo("hello");
                assertThat(redis.cli("GET", "greeting")).isEqualTo("hello");

                Eventually.await("two access-log entries", () -> log.size() == 2);
                TcpLog.Entry first = Objects.requireNonNull(log.peek());
                assertThat(first.listener()).isEqualTo("front");
                assertThat(first.endpoint()).isEqualTo("127.0.0.1:" + redis.port());
                // SET greeting hello in RESP: *3 $3 SET $8 greeting $5 hello, each line + CRLF = 38 bytes; +OK CRLF = 5
                assertThat(first.bytesIn()).isEqualTo(38);
                assertThat(first.bytesOut()).isEqualTo(5);
                assertThat(first.attempts()).isEqualTo(1);
                assertThat(first.cause()).isEmpty();
                String metrics = plane.metricsText();
                assertThat(metrics).contains("horizon_tcp_connections_total{listener=\"front\",service=\"redis\"} 2\n")
                    .contains("horizon_tcp_active_connections{listener=\"front\",service=\"redis\"} 0\n")
                    .contains("horizon_tcp_bytes_total{listener=\"front\",service=\"redis\",direction=\"out\"} 16\n")
                    .contains("horizon_tcp_connect_errors_total{listener=\"front\",service=\"redis\"} 0\n");
            } finally {
                plane.shutdown(java.time.Duration.ofSeconds(1));
            }
        }
    }

    @Test
    void jdbcClientQueriesPostgresThroughTheListener() throws Exception {
        PostgresServer pg;
        try {
            pg = new PostgresServer();
        } catch (IOException e) {
            Assumptions.abort("PostgreSQL cannot start here (needs /usr/lib/postgresql/*/bin): " + e.getMessage());
            return;
        }
        try (pg) {
            DataPlane plane = start("postgres", List.of(pg.port()));
            try {
                String url = pg.jdbcUrl().replace(":" + pg.port() + "/", ":" + port(plane) + "/");
                try (Connection c = DriverManager.getConnection(url, "postgres", "");
                     Statement s = c.createStatement()) {
                    s.execute("CREATE TABLE t (n int)");
                    s.execute("INSERT INTO t SELECT generate_series(1, 1000)");
                    try (ResultSet r = s.executeQuery("SELECT sum(n) FROM t")) {
                        r.next();
                        assertThat(r.getLong(1)).isEqualTo(500_500L);
                    }
                }
            } finally {
                plane.shutdown(java.time.Duration.ofSeconds(1));
            }
        }
    }

    @Test
    void aBackendKilledMidConnectionClosesTheClientAndNewConnectionsGoElsewhere() throws Exception {
        assumeOnPath("redis-server");
        try (RedisServer a = new RedisServer(dir); RedisServer b = new RedisServer(dir)) {
            DataPlane plane = start("redis", List.of(a.port(), b.port()));
            try (Socket client = new Socket("127.0.0.1", port(plane))) {
                client.setSoTimeout(10_000);
                String served = send(client, "CONFIG GET port\r\n");
                RedisServer victim = served.contains("\r\n" + a.port() + "\r\n") ? a : b;
                RedisServer other = victim == a ? b : a;

                victim.stop();

                assertThat(client.getInputStream().read()).isEqualTo(-1);
                for (int i = 0; i < 4; i++) {
                    assertThat(cli(port(plane), "CONFIG", "GET", "port")).isEqualTo("port\n" + other.port());
                }
            } finally {
                plane.shutdown(java.time.Duration.ofSeconds(1));
            }
        }
    }

    @Test
    void drainOnShutdownLetsOpenConnectionsFinishAndRefusesNewOnes() throws Exception {
        assumeOnPath("redis-server");
        try (RedisServer redis = new RedisServer(dir)) {
            DataPlane plane = start("redis", List.of(redis.port()));
            int port = port(plane);
            Socket client = new Socket("127.0.0.1", port);
            client.setSoTimeout(10_000);
            assertThat(send(client, "PING\r\n")).isEqualTo("+PONG\r\n");

            CompletableFuture<Boolean> clean = CompletableFuture.supplyAsync(
                () -> plane.shutdown(java.time.Duration.ofSeconds(20)));
            Eventually.await("the listener to stop accepting", () -> !accepts(port));

            assertThat(send(client, "PING\r\n")).isEqualTo("+PONG\r\n");
            assertThat(clean).isNotDone();
            client.close();
            assertThat(clean.get(20, TimeUnit.SECONDS)).isTrue();
        }
    }

    private static boolean accepts(int port) {
        try (Socket s = new Socket("127.0.0.1", port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Writes {@code request} and reads one RESP answer (a simple line, or an array of bulk strings). */
    private static String send(Socket s, String request) throws IOException {
        s.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
        s.getOutputStream().flush();
        InputStream in = s.getInputStream();
        StringBuilder out = new StringBuilder();
        int lines = 1;
        for (int read = 0; read < lines; read++) {
            String line = line(in);
            out.append(line).append("\r\n");
            if (line.startsWith("*")) {
                lines += 2 * Integer.parseInt(line.substring(1));
            }
        }
        return out.toString();
    }

    private static String line(InputStream in) throws IOException {
        StringBuilder b = new StringBuilder();
        int c;
        while ((c = in.read()) != '\n') {
            if (c < 0) {
                throw new IOException("closed after " + b);
            }
            if (c != '\r') {
                b.append((char) c);
            }
        }
        return b.toString();
    }
}
