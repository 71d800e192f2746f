package dev.horizon.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.horizon.admin.AdminServer;
import dev.horizon.admin.AdminToken;
import dev.horizon.gateway.EndpointConfig;
import dev.horizon.gateway.Gateway;
import dev.horizon.gateway.GatewayConfig;
import dev.horizon.gateway.Route;
import dev.horizon.gateway.RouteMatch;
import dev.horizon.gateway.ServiceConfig;
import dev.horizon.showcase.SampleBackend;
import dev.horizon.sim.trace.Trace;
import dev.horizon.sim.trace.TraceCsv;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code GET /admin/services/{s}/trace} and {@code horizon trace export} against a real gateway in front of a real
 * backend: the exported file is a trace the simulator reads, with exactly the requests sent.
 */
class TraceExportTest {

    @TempDir
    Path dir;

    private SampleBackend backend;
    private Gateway gateway;
    private AdminServer admin;
    private AdminClientForTests client;

    @BeforeEach
    void start() throws Exception {
        backend = SampleBackend.start("shop-1", Duration.ZERO, 0, new InetSocketAddress("127.0.0.1", 0));
        gateway = Gateway.start(GatewayConfig.of(new InetSocketAddress("127.0.0.1", 0),
            List.of(new Route("all", RouteMatch.ANY, "shop")), List.of(ServiceConfig.of("shop",
                List.of(new EndpointConfig("127.0.0.1:" + backend.address().getPort(), 1, ""))),
                ServiceConfig.of("cart", List.of(new EndpointConfig("127.0.0.1:1", 1, ""))))));
        InetSocketAddress address = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
        AdminToken token = AdminToken.forServer(System.getenv(AdminToken.ENV), AdminToken.defaultFile(System.getenv()),
            address);
        admin = new AdminServer(address, () -> gateway, () -> { }, name -> null, token.value());
        client = new AdminClientForTests(admin.address().getPort());
    }

    @AfterEach
    void stop() {
        admin.close();
        gateway.shutdown(Duration.ZERO);
        backend.close();
    }

    private void send(int requests) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        URI uri = URI.create("http://127.0.0.1:" + gateway.address().getPort() + "/");
        for (int i = 0; i < requests; i++) {
            HttpResponse<Void> r = http.send(HttpRequest.newBuilder(uri).build(),
                HttpResponse.BodyHandlers.discarding());
            assertThat(r.statusCode()).isEqualTo(200);
        }
    }

    @Test
    void theExportedTraceLoadsInTheSimulatorWithExactlyTheRequestsSent() throws Exception {
        send(37);
        Path out = dir.resolve("shop.csv");

        AdminClientForTests.Run run = client.horizon("trace", "export", "shop", "--out", out.toString());

        assertThat(run.code()).as(run.output()).isZero();
        Trace trace = TraceCsv.read(out);
        assertThat(trace.totalRequests()).isEqualTo(37.0);
        assertThat(run.output()).isEqualTo("wrote " + out + ": " + trace.summary() + "\n");
        List<String> lines = Files.readAllLines(out);
        assertThat(lines.get(0)).isEqualTo("seconds,rps");
        assertThat(lines.get(1)).matches("# shop: requests per second recorded by the gateway from "
            + "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ, by arrival; the last row is the second under way");
        assertThat(lines.get(2)).matches("0,[1-9]\\d*");
        assertThat(lines).hasSize(2 + trace.seconds());
        try (var files = Files.list(dir)) {
            assertThat(files).containsExactly(out);
        }
    }

    @Test
    void theAdminRouteAnswersCsvOverTheLastDurationAsked() throws Exception {
        send(5);
        String csv = client.get("/admin/services/shop/trace?last=1h");
        List<String> lines = csv.lines().toList();

        assertThat(lines).hasSize(2 + 3600);
        assertThat(lines.subList(2, lines.size()).stream().mapToLong(l -> Long.parseLong(l.split(",")[1])).sum())
            .isEqualTo(5);
        assertThat(client.get("/admin/services/cart/trace")).isEqualTo("seconds,rps\n# cart: no requests recorded\n");
        assertThat(client.status("GET", "/admin/services/shop/trace?last=soon")).isEqualTo(400);
        assertThat(client.status("GET", "/admin/services/shop/trace?since=yesterday")).isEqualTo(400);
    }

    @Test
    void anUnknownServiceIsRefusedWithASuggestionAndNothingIsWritten() {
        Path out = dir.resolve("shop.csv");

        assertThat(client.horizon("trace", "export", "shpo", "--out", out.toString())).isEqualTo(
            new AdminClientForTests.Run(2, "horizon trace export: no service shpo (did you mean 'shop'?)\n"));
        assertThat(client.horizon("trace", "export", "cart", "--out", out.toString())).isEqualTo(
            new AdminClientForTests.Run(2, "horizon trace export: cart: no requests recorded yet; nothing written\n"));
        assertThat(client.horizon("trace", "export", "shop", "--out", out.toString(), "--last", "soon")).isEqualTo(
            new AdminClientForTests.Run(2, "horizon trace export: last: 'soon' (expected: a duration like 250ms, 2s, "
                + "5m, 1h)\n"));
        assertThat(out).doesNotExist();
    }

    @Test
    void aFileThatCannotBeWrittenIsNamedAndLeavesNothingBehind() throws Exception {
        send(1);
        Path out = dir.resolve("missing").resolve("shop.csv");

        assertThat(client.horizon("trace", "export", "shop", "--out", out.toString())).isEqualTo(
            new AdminClientForTests.Run(2, "horizon trace export: " + out + ": cannot write: no such directory "
                + dir.resolve("missing") + "\n"));
        try (var files = Files.list(dir)) {
            assertThat(files).isEmpty();
        }
    }

    @Test
    void noRunningHorizonExitsOne() {
        int port = admin.address().getPort();
        admin.close();

        assertThat(client.horizon("trace", "export", "shop", "--out", dir.resolve("x.csv").toString())).isEqualTo(
            new AdminClientForTests.Run(1, "horizon trace export: no horizon admin API at http://127.0.0.1:" + port
                + " (is `horizon up` running?)\n"));
    }
}
