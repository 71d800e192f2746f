package dev.horizon.admin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.horizon.control.ManagedControl;
import dev.horizon.control.ManagedDecisions;
import dev.horizon.control.ManagedInstances;
import dev.horizon.gateway.EndpointConfig;
import dev.horizon.gateway.Gateway;
import dev.horizon.gateway.GatewayConfig;
import dev.horizon.gateway.Route;
import dev.horizon.gateway.RouteMatch;
import dev.horizon.gateway.ServiceConfig;
import dev.horizon.gateway.TcpListener;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import dev.horizon.sizing.Cpu;
import dev.horizon.sizing.Memory;
import dev.horizon.sizing.Resources;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AdminServerTest {

    private Gateway gateway;
    private AdminServer admin;
    private final String[] reloadError = {""};
    private final List<String> cartCalls = new ArrayList<>();
    /** The admin API's view of a managed service, recording what it is asked. */
    private final ManagedControl cart = new ManagedControl() {
        @Override
        public String scale(int instances) {
            cartCalls.add("scale " + instances);
            if (instances > 8) {
                throw new IllegalArgumentException("instances: " + instances + " is outside min..max (2..8)");
            }
            return "cart: desired " + instances;
        }

        @Override
        public String resize(dev.horizon.sizing.@Nullable Cpu cpu, dev.horizon.sizing.@Nullable Memory memory,
            @Nullable String instance) {
            cartCalls.add("resize " + cpu + " " + memory + " " + instance);
            if (cpu != null && cpu.millicores() > 2000) {
                throw new IllegalArgumentException("cpu " + cpu + " is more than this machine's 2000m");
            }
            if ("cart-9".equals(instance)) {
                throw new IllegalStateException("cart is replacing instances for an earlier resize (1/2)");
            }
            return "cart: cpu 500m -> " + cpu + " in place on cart-1";
        }

        @Override
        public boolean drainInstance(String instanceId) {
            cartCalls.add("drain " + instanceId);
            return instanceId.equals("cart-1");
        }

        @Override
        public ManagedInstances instances() {
            Resources size = new Resources(Cpu.millicores(500), Memory.mebibytes(512));
            return new ManagedInstances("cart", 2, 2, 8, 1, 0, 1, 0, 0, null, null, List.of(
                new ManagedInstances.Instance("cart-1", "in_service", "127.0.0.1:9001", 12, 3, 250L, "healthy", null,
                    "warmed up for 10s", size, 100L << 20),
                new ManagedInstances.Instance("cart-2", "starting", null, 0, 0, null, "-", null,
                    "readiness 0/2 \"x\"", new Resources(Cpu.millicores(500), null), null)), size,
                "cgroup v1 (cpu, cpuacct, memory)", null);
        }

        @Override
        public String instancesTable() {
            return "  cart-1 in-service\n";
        }

        @Override
        public ManagedDecisions decisions() {
            return new ManagedDecisions("cart", true, "[{\"desired\":4}]");
        }

        @Override
        public String explain() {
            return "no decisions yet\n";
        }

        @Override
        public dev.horizon.fleet.FleetStatus status() {
            throw new UnsupportedOperationException("the admin API does not read the fleet status");
        }

        @Override
        public java.util.Optional<dev.horizon.autoscale.Decision> lastScaling() {
            return java.util.Optional.empty();
        }

        @Override
        public String deploy(@Nullable List<String> command, java.util.Map<String, String> env,
            @Nullable String strategy) {
            cartCalls.add("deploy " + command + " " + env + " " + strategy);
            if (env.isEmpty() && command == null) {
                throw new IllegalArgumentException("cart: r1 runs that already");
            }
            return "cart: deploying r2 with strategy " + strategy;
        }

        @Override
        public dev.horizon.control.@Nullable RolloutRecord rollout() {
            return new dev.horizon.control.RolloutRecord("cart", "canary", 1, 2, "progressing", 2.5, 1, 3,
                "step 1/3 at 2.5%", "2026-12-02T10:00:00Z", 0, 1, null, List.of("t pass: fine"));
        }

        @Override
        public String rolloutText() {
            return "cart: canary rollout of r2\n";
        }

        @Override
        public String promote(boolean full) {
            cartCalls.add("promote " + full);
            return "cart: canary r2 now at 25%";
        }

        @Override
        public String abort() {
            throw new IllegalStateException("cart: no rollout under way");
        }

        @Override
        public String undo() {
            cartCalls.add("undo");
            return "cart: rolled back to r1";
        }
    };

    @BeforeEach
    void start() {
        gateway = Gateway.start(GatewayConfig.of(new InetSocketAddress("127.0.0.1", 0),
            List.of(new Route("all", RouteMatch.ANY, "shop")),
            List.of(ServiceConfig.of("shop", List.of(new EndpointConfig("127.0.0.1:1", 3, ""),
                new EndpointConfig("127.0.0.1:2", 1, ""))))));
        admin = new AdminServer(new InetSocketAddress("127.0.0.1", 0), () -> gateway, () -> {
            if (!reloadError[0].isEmpty()) {
                throw new IllegalStateException(reloadError[0]);
            }
        }, name -> name.equals("cart") ? cart : null, "s3cret");
    }

    @AfterEach
    void stop() {
        admin.close();
        gateway.shutdown(Duration.ZERO);
    }

    private static FullHttpRequest request(HttpMethod method, String uri, String body, String token) {
        FullHttpRequest r = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, method, uri,
            Unpooled.copiedBuffer(body, StandardCharsets.UTF_8));
        if (!token.isEmpty()) {
            r.headers().set("Authorization", "Bearer " + token);
        }
        if (method.equals(HttpMethod.POST)) {
            r.headers().set("Content-Type", "application/json");
        }
        return r;
    }

    private String call(HttpMethod method, String uri, String body, String token, int expectedStatus) {
        FullHttpRequest request = request(method, uri, body, token);
        FullHttpResponse response = admin.handle(request, "127.0.0.1");
        try {
            assertThat(response.status().code()).as(uri).isEqualTo(expectedStatus);
            return response.content().toString(StandardCharsets.UTF_8);
        } finally {
            response.release();
            request.release();
        }
    }

    @Test
    void listsServicesAndEndpoints() {
        assertThat(call(HttpMethod.GET, "/admin/services", "", "", 200)).startsWith(
            "{\"services\":[{\"name\":\"shop\",\"balance\":\"least-request\",\"panic\":false,\"rps\":0.000,")
            .contains("{\"id\":\"127.0.0.1:1\",\"health\":\"healthy\",\"weight\":3,\"in_flight\":0,");
        assertThat(call(HttpMethod.GET, "/admin/services?format=text", "", "", 200))
            .startsWith("shop  balance=least-request  rps=0.0");
    }

    @Test
    void listsTcpListenersWithTheirBoundAddressSniAndOpenConnections() {
        gateway.reload(gateway.config().withTcp(List.of(
            TcpListener.of("db", new InetSocketAddress("127.0.0.1", 0), "shop").withSni("db.example.com"),
            TcpListener.of("cache", new InetSocketAddress("127.0.0.1", 0), "shop").withSplice(true))));
        String listen = "127.0.0.1:" + java.util.Objects.requireNonNull(gateway.tcpAddress("db")).getPort();

        assertThat(call(HttpMethod.GET, "/admin/services", "", "", 200)).endsWith("],\"tcp\":["
            + "{\"name\":\"cache\",\"listen\":\"" + listen + "\",\"service\":\"shop\",\"sni\":null,"
            + "\"splice\":true,\"connections\":0},"
            + "{\"name\":\"db\",\"listen\":\"" + listen + "\",\"service\":\"shop\",\"sni\":\"db.example.com\","
            + "\"splice\":false,\"connections\":0}]}\n");
        assertThat(call(HttpMethod.GET, "/admin/services?format=text", "", "", 200)).contains("tcp listeners\n"
            + String.format("  %-16s %-22s %-16s %-20s %-6s %11s%n", "NAME", "LISTEN", "SERVICE", "SNI", "SPLICE",
                "CONNECTIONS")
            + String.format("  %-16s %-22s %-16s %-20s %-6s %11d%n", "cache", listen, "shop", "*", "yes", 0)
            + String.format("  %-16s %-22s %-16s %-20s %-6s %11d%n", "db", listen, "shop", "db.example.com", "no", 0));
    }

    @Test
    void mutatingCallsNeedTheToken() {
        assertThat(call(HttpMethod.POST, "/admin/services/shop/endpoints/127.0.0.1:1/drain", "", "", 401))
            .isEqualTo("{\"error\":\"missing or wrong bearer token (HORIZON_ADMIN_TOKEN)\"}\n");
        assertThat(call(HttpMethod.POST, "/admin/services/shop/endpoints/127.0.0.1:1/drain", "", "wrong", 401))
            .contains("wrong bearer token");
        assertThat(gateway.services().list().get(0).endpoints().get(0).health()).isEqualTo("healthy");
    }

    @Test
    void drainsAndUndrainsAndSetsWeights() {
        assertThat(call(HttpMethod.POST, "/admin/services/shop/endpoints/127.0.0.1:1/drain", "", "s3cret", 400))
            .as("an empty body does not drain").isEqualTo("{\"error\":\"body: empty (expected: {\\\"drain\\\": true} "
                + "to drain or {\\\"drain\\\": false} to resume)\"}\n");
        assertThat(gateway.services().list().get(0).endpoints().get(0).health()).isEqualTo("healthy");
        call(HttpMethod.POST, "/admin/services/shop/endpoints/127.0.0.1:1/drain", "{\"drain\": true}", "s3cret", 200);
        assertThat(gateway.services().list().get(0).endpoints().get(0).health()).isEqualTo("draining");
        call(HttpMethod.POST, "/admin/services/shop/endpoints/127.0.0.1:1/drain", "{\"drain\": false}", "s3cret", 200);
        assertThat(gateway.services().list().get(0).endpoints().get(0).health()).isEqualTo("healthy");

        call(HttpMethod.POST, "/admin/services/shop/endpoints/127.0.0.1:2/weight", "{\"weight\": 7}", "s3cret", 200);
        assertThat(gateway.services().list().get(0).endpoints().get(1).weight()).isEqualTo(7);
        assertThat(call(HttpMethod.POST, "/admin/services/shop/endpoints/127.0.0.1:2/weight", "{\"weight\": 0}",
            "s3cret", 400)).isEqualTo("{\"error\":\"weight: 0 (expected: 1..1000)\"}\n");
        assertThat(call(HttpMethod.POST, "/admin/services/shop/endpoints/127.0.0.1:9/weight", "{\"weight\": 2}",
            "s3cret", 404)).isEqualTo("{\"error\":\"no endpoint 127.0.0.1:9 in service shop\"}\n");
        assertThat(gateway.services().list().get(0).endpoints().get(1).weight()).isEqualTo(7);
    }

    @Test
    void reloadReportsTheFileErrorAndScaleIsNotAvailableForStaticEndpoints() {
        assertThat(call(HttpMethod.POST, "/admin/reload", "", "s3cret", 200)).isEqualTo("{\"reloaded\":true}\n");
        reloadError[0] = "horizon.yaml:3: unknown key 'helth' under gateway";
        assertThat(call(HttpMethod.POST, "/admin/reload", "", "s3cret", 400))
            .isEqualTo("{\"error\":\"horizon.yaml:3: unknown key 'helth' under gateway\"}\n");
        assertThat(call(HttpMethod.POST, "/admin/services/shop/scale", "{\"instances\": 3}", "s3cret", 409))
            .isEqualTo("{\"error\":\"service shop has static endpoints only; scaling needs an 'instances' block\"}\n");
        assertThat(call(HttpMethod.POST, "/admin/services/nope/scale", "{\"instances\": 3}", "s3cret", 404))
            .isEqualTo("{\"error\":\"no service nope\"}\n");
        assertThat(call(HttpMethod.GET, "/metrics", "", "", 200)).contains("horizon_client_connections 0")
            .contains("horizon_endpoint_healthy{service=\"shop\",endpoint=\"127.0.0.1:1\",health=\"healthy\"} 1");
    }

    @Test
    void resizeTakesCpuMemoryAndAnInstanceAndRefusesWhatItCannotRead() {
        assertThat(call(HttpMethod.POST, "/admin/services/cart/resize", "{\"cpu\": \"1500m\"}", "", 401))
            .contains("bearer token");
        assertThat(call(HttpMethod.POST, "/admin/services/cart/resize", "{\"cpu\": \"1.5\"}", "s3cret", 200))
            .isEqualTo("{\"service\":\"cart\",\"message\":\"cart: cpu 500m -> 1500m in place on cart-1\"}\n");
        assertThat(call(HttpMethod.POST, "/admin/services/cart/resize?format=text",
            "{\"cpu\": \"1000m\", \"memory\": \"1Gi\", \"instance\": \"cart-1\"}", "s3cret", 200))
            .isEqualTo("cart: cpu 500m -> 1000m in place on cart-1\n");
        assertThat(call(HttpMethod.POST, "/admin/services/cart/resize", "{\"cpu\": \"4\"}", "s3cret", 400))
            .isEqualTo("{\"error\":\"cpu 4000m is more than this machine's 2000m\"}\n");
        assertThat(call(HttpMethod.POST, "/admin/services/cart/resize", "{\"cpu\": \"1\", \"instance\": \"cart-9\"}",
            "s3cret", 409)).isEqualTo("{\"error\":\"cart is replacing instances for an earlier resize (1/2)\"}\n");
        assertThat(call(HttpMethod.POST, "/admin/services/cart/resize", "{\"cpu\": \"5m\"}", "s3cret", 400))
            .isEqualTo("{\"error\":\"cpu: \\\"5m\\\" 5m (expected: 10m..1024 cores)\"}\n");
        assertThat(call(HttpMethod.POST, "/admin/services/cart/resize", "{\"memory\": 512}", "s3cret", 400))
            .isEqualTo("{\"error\":\"memory: 512 (expected: a string, e.g. \\\"1Gi\\\")\"}\n");
        assertThat(call(HttpMethod.POST, "/admin/services/cart/resize", "{\"cpus\": \"1\"}", "s3cret", 400))
            .startsWith("{\"error\":\"body: unknown field 'cpus' (expected: {");
        assertThat(call(HttpMethod.POST, "/admin/services/cart/resize", "{}", "s3cret", 400))
            .startsWith("{\"error\":\"body: neither cpu nor memory (expected: {");
        assertThat(call(HttpMethod.POST, "/admin/services/shop/resize", "{\"cpu\": \"1\"}", "s3cret", 409))
            .contains("static endpoints only");
        assertThat(cartCalls).containsExactly("resize 1500m null null", "resize 1000m 1Gi cart-1",
            "resize 4000m null null", "resize 1000m null cart-9");
    }

    @Test
    void managedServicesScaleExplainAndDrainInstances() {
        assertThat(call(HttpMethod.POST, "/admin/services/cart/scale", "{\"instances\": 4}", "", 401))
            .contains("bearer token");
        assertThat(call(HttpMethod.POST, "/admin/services/cart/scale", "{\"instances\": 4}", "s3cret", 200))
            .isEqualTo("{\"service\":\"cart\",\"desired\":4,\"message\":\"cart: desired 4\"}\n");
        assertThat(call(HttpMethod.POST, "/admin/services/cart/scale?format=text", "{\"instances\": 5}", "s3cret",
            200)).isEqualTo("cart: desired 5\n");
        assertThat(call(HttpMethod.POST, "/admin/services/cart/scale", "{\"instances\": 9}", "s3cret", 400))
            .isEqualTo("{\"error\":\"instances: 9 is outside min..max (2..8)\"}\n");
        assertThat(call(HttpMethod.POST, "/admin/services/cart/scale", "{\"instances\": \"x\"}", "s3cret", 400))
            .isEqualTo("{\"error\":\"body: expected {\\\"instances\\\": N} with N >= 0\"}\n");
        assertThat(call(HttpMethod.GET, "/admin/services/cart/decisions", "", "", 200))
            .isEqualTo("{\"service\":\"cart\",\"autoscaling\":true,\"decisions\":[{\"desired\":4}]}\n");
        assertThat(call(HttpMethod.GET, "/admin/services/cart/decisions?format=text", "", "", 200))
            .isEqualTo("no decisions yet\n");
        assertThat(call(HttpMethod.GET, "/admin/services/cart/instances", "", "", 200)).isEqualTo("{\"service\":"
            + "\"cart\",\"desired\":2,\"min\":2,\"max\":8,\"in_service\":1,\"warming\":0,\"starting\":1,\"draining\":0,"
            + "\"restarts\":0,\"crash_loop\":null,\"replacement_paused\":null,\"size\":{\"cpu\":\"500m\",\"cpu_m\":500,"
            + "\"memory\":\"512Mi\",\"memory_bytes\":536870912},\"limits\":\"cgroup v1 (cpu, cpuacct, memory)\","
            + "\"replacing\":null,\"instances\":[{\"id\":\"cart-1\","
            + "\"state\":\"in_service\",\"address\":\"127.0.0.1:9001\",\"age_s\":12,\"in_flight\":3,\"cpu_m\":250,"
            + "\"health\":\"healthy\",\"exit\":null,\"detail\":\"warmed up for 10s\",\"size\":{\"cpu\":\"500m\","
            + "\"cpu_m\":500,\"memory\":\"512Mi\",\"memory_bytes\":536870912},\"memory_bytes\":104857600},"
            + "{\"id\":\"cart-2\",\"state\":\"starting\",\"address\":null,\"age_s\":0,\"in_flight\":0,\"cpu_m\":null,"
            + "\"health\":\"-\",\"exit\":null,\"detail\":\"readiness 0/2 \\\"x\\\"\",\"size\":{\"cpu\":\"500m\","
            + "\"cpu_m\":500,\"memory\":null,\"memory_bytes\":null},\"memory_bytes\":null}]}\n");
        assertThat(call(HttpMethod.POST, "/admin/services/cart/endpoints/cart-1/drain", "{\"drain\": true}", "s3cret",
            200))
            .isEqualTo("{\"ok\":true,\"instance\":\"cart-1\"}\n");
        assertThat(call(HttpMethod.POST, "/admin/services/cart/endpoints/cart-7/drain", "{\"drain\": true}", "s3cret",
            404))
            .isEqualTo("{\"error\":\"no endpoint cart-7 in service cart\"}\n");
        assertThat(call(HttpMethod.GET, "/admin/services/shop/decisions", "", "", 409)).contains("static endpoints");
        assertThat(cartCalls).containsExactly("scale 4", "scale 5", "scale 9", "drain cart-1", "drain cart-7");
    }

    @Test
    void deploysAndSteersRollouts() {
        assertThat(call(HttpMethod.POST, "/admin/services/cart/deploy", "{\"env\": {\"V\": \"2\"}}", "", 401))
            .contains("bearer token");
        assertThat(call(HttpMethod.POST, "/admin/services/cart/deploy", "{\"command\": \"java  -jar app.jar\", "
            + "\"env\": {\"V\": \"2\"}, \"strategy\": \"canary\"}", "s3cret", 200))
            .isEqualTo("{\"service\":\"cart\",\"message\":\"cart: deploying r2 with strategy canary\"}\n");
        assertThat(call(HttpMethod.POST, "/admin/services/cart/deploy", "{}", "s3cret", 400))
            .isEqualTo("{\"error\":\"cart: r1 runs that already\"}\n");
        assertThat(call(HttpMethod.POST, "/admin/services/cart/deploy", "{\"cmd\": \"x\"}", "s3cret", 400))
            .isEqualTo("{\"error\":\"body: unknown field 'cmd' (expected: command, env, strategy)\"}\n");
        assertThat(call(HttpMethod.POST, "/admin/services/cart/deploy", "{\"env\": {\"V\": 2}}", "s3cret", 400))
            .isEqualTo("{\"error\":\"env.V: expected a text value\"}\n");
        assertThat(call(HttpMethod.GET, "/admin/services/cart/rollout", "", "", 200)).isEqualTo("{\"service\":"
            + "\"cart\",\"revision\":2,\"stable\":1,\"strategy\":\"canary\",\"phase\":\"progressing\","
            + "\"weight\":2.5,\"step\":1,\"steps\":3,\"reason\":\"step 1/3 at 2.5%\",\"started\":"
            + "\"2026-12-02T10:00:00Z\",\"switched\":null,\"analysis\":{\"failures\":0,\"inconclusive\":1,"
            + "\"runs\":[\"t pass: fine\"]}}\n");
        assertThat(call(HttpMethod.GET, "/admin/services/cart/rollout?format=text", "", "", 200))
            .isEqualTo("cart: canary rollout of r2\n");
        assertThat(call(HttpMethod.POST, "/admin/services/cart/rollout/promote", "{\"full\": false}", "s3cret", 200))
            .contains("now at 25%");
        assertThat(call(HttpMethod.POST, "/admin/services/cart/rollout/abort", "", "s3cret", 409))
            .isEqualTo("{\"error\":\"cart: no rollout under way\"}\n");
        assertThat(call(HttpMethod.POST, "/admin/services/cart/rollout/undo", "", "s3cret", 200))
            .contains("rolled back to r1");
        assertThat(call(HttpMethod.POST, "/admin/services/shop/deploy", "{}", "s3cret", 409))
            .contains("static endpoints only");
        assertThat(cartCalls).containsExactly("deploy [java, -jar, app.jar] {V=2} canary", "deploy null {} null",
            "promote false", "undo");
    }
}
