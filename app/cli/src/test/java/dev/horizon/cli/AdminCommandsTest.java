package dev.horizon.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.horizon.admin.AdminServer;
import dev.horizon.admin.AdminToken;
import dev.horizon.control.ManagedControl;
import dev.horizon.control.ManagedDecisions;
import dev.horizon.control.ManagedInstances;
import dev.horizon.gateway.EndpointConfig;
import dev.horizon.gateway.Gateway;
import dev.horizon.gateway.GatewayConfig;
import dev.horizon.gateway.Route;
import dev.horizon.gateway.RouteMatch;
import dev.horizon.gateway.ServiceConfig;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The operator verbs against a real admin API that uses the generated token (the one {@code horizon up} would use in
 * this environment): what they print and the exit code, 2 for a request the admin API refuses, 1 when it fails.
 */
class AdminCommandsTest {

    private Gateway gateway;
    private AdminServer admin;
    private AdminClientForTests client;
    /** What the managed service {@code cart} does when asked to scale. */
    private final ManagedControl cart = new ManagedControl() {
        @Override
        public String scale(int instances) {
            if (instances == 7) {
                throw new IllegalStateException("the fleet is stopping");
            }
            if (instances > 8) {
                throw new IllegalArgumentException("instances: " + instances + " is outside cart's min..max (2..8)");
            }
            return "cart: desired 2 -> " + instances;
        }

        @Override
        public String resize(dev.horizon.sizing.@Nullable Cpu cpu, dev.horizon.sizing.@Nullable Memory memory,
            @Nullable String instance) {
            if (cpu != null && cpu.millicores() > 2000) {
                throw new IllegalArgumentException("cpu " + cpu + " is more than this machine's 2000m");
            }
            return "cart: cpu 500m -> " + cpu + ", memory " + memory + (instance == null ? "" : " on " + instance)
                + " in place";
        }

        @Override
        public boolean drainInstance(String instanceId) {
            return false;
        }

        @Override
        public ManagedInstances instances() {
            return new ManagedInstances("cart", 2, 2, 8, 0, 0, 0, 0, 0, null, null, List.of(),
                dev.horizon.sizing.Resources.UNLIMITED, "limits not enforced: a test", null);
        }

        @Override
        public String instancesTable() {
            return "";
        }

        @Override
        public ManagedDecisions decisions() {
            return new ManagedDecisions("cart", false, "[]");
        }

        @Override
        public String explain() {
            return "no decisions yet\n";
        }

        @Override
        public dev.horizon.fleet.FleetStatus status() {
            throw new UnsupportedOperationException("not used by the admin API");
        }

        @Override
        public java.util.Optional<dev.horizon.autoscale.Decision> lastScaling() {
            return java.util.Optional.empty();
        }

        @Override
        public String deploy(java.util.@Nullable List<String> command, java.util.Map<String, String> env,
            @Nullable String strategy) {
            return "cart: deploying r2 (" + command + " " + env + ") with strategy " + strategy;
        }

        @Override
        public dev.horizon.control.@Nullable RolloutRecord rollout() {
            return null;
        }

        @Override
        public String rolloutText() {
            return "cart: never deployed; r1 serves\n";
        }

        @Override
        public String promote(boolean full) {
            return "cart: promoting r2" + (full ? " fully" : "");
        }

        @Override
        public String abort() {
            throw new IllegalStateException("cart: no rollout under way");
        }

        @Override
        public String undo() {
            throw new IllegalStateException("cart: nothing to undo: it was never deployed");
        }
    };

    @BeforeEach
    void start() {
        gateway = Gateway.start(GatewayConfig.of(new InetSocketAddress("127.0.0.1", 0),
            List.of(new Route("all", RouteMatch.ANY, "shop")),
            List.of(ServiceConfig.of("shop", List.of(new EndpointConfig("127.0.0.1:1", 1, ""))))));
        InetSocketAddress address = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
        AdminToken token = AdminToken.forServer(System.getenv(AdminToken.ENV), AdminToken.defaultFile(System.getenv()),
            address);
        admin = new AdminServer(address, () -> gateway, () -> { }, name -> name.equals("cart") ? cart : null,
            token.value());
        client = new AdminClientForTests(admin.address().getPort());
    }

    @AfterEach
    void stop() {
        admin.close();
        gateway.shutdown(Duration.ZERO);
    }

    @Test
    void verbsSendTheGeneratedTokenAndJson() {
        AdminClientForTests.Run drained = client.horizon("drain", "shop", "127.0.0.1:1");
        assertThat(drained).isEqualTo(new AdminClientForTests.Run(0, "draining shop 127.0.0.1:1\n"));
        assertThat(gateway.services().list().get(0).endpoints().get(0).health()).isEqualTo("draining");
        assertThat(client.horizon("drain", "shop", "127.0.0.1:1", "--undo"))
            .isEqualTo(new AdminClientForTests.Run(0, "resumed shop 127.0.0.1:1\n"));
        assertThat(client.horizon("scale", "cart", "4")).isEqualTo(new AdminClientForTests.Run(0,
            "cart: desired 2 -> 4\n"));
    }

    @Test
    void aRefusedRequestPrintsTheServersMessageAndExitsTwo() {
        assertThat(client.horizon("scale", "cart", "99")).isEqualTo(new AdminClientForTests.Run(2,
            "horizon scale: instances: 99 is outside cart's min..max (2..8)\n"));
        assertThat(client.horizon("scale", "nosuch", "3")).isEqualTo(new AdminClientForTests.Run(2,
            "horizon scale: no service nosuch\n"));
        assertThat(client.horizon("scale", "shop", "3")).isEqualTo(new AdminClientForTests.Run(2,
            "horizon scale: service shop has static endpoints only; scaling needs an 'instances' block\n"));
        assertThat(client.horizon("drain", "shop", "127.0.0.1:9")).isEqualTo(new AdminClientForTests.Run(2,
            "horizon drain: no endpoint 127.0.0.1:9 in service shop\n"));
        assertThat(client.horizon("explain", "nosuch")).isEqualTo(new AdminClientForTests.Run(2,
            "horizon explain: no service nosuch\n"));
    }

    @Test
    void resizeSendsTheSizeAndRefusesAMalformedOneBeforeSending() {
        assertThat(client.horizon("resize", "cart", "--cpu", "1500m", "--memory", "1Gi", "--instance", "cart-2"))
            .isEqualTo(new AdminClientForTests.Run(0, "cart: cpu 500m -> 1500m, memory 1Gi on cart-2 in place\n"));
        assertThat(client.horizon("resize", "cart", "--cpu", "4")).isEqualTo(new AdminClientForTests.Run(2,
            "horizon resize: cpu 4000m is more than this machine's 2000m\n"));
        assertThat(client.horizon("resize", "cart", "--memory", "1GB")).isEqualTo(new AdminClientForTests.Run(2,
            "horizon: --memory: 1GB (expected: memory like 256Mi, 512Mi, 1Gi, 1.5Gi, 500M) (see horizon --help)\n"));
        assertThat(client.horizon("resize", "cart")).isEqualTo(new AdminClientForTests.Run(2,
            "horizon: give --cpu, --memory or both (see horizon --help)\n"));
    }

    @Test
    void aFailingOrUnreachableAdminApiExitsOne() throws IOException {
        int port = admin.address().getPort();
        assertThat(client.horizon("scale", "cart", "7")).isEqualTo(new AdminClientForTests.Run(1,
            "horizon scale: admin API at http://127.0.0.1:" + port + ": the fleet is stopping\n"));
        admin.close();
        assertThat(client.horizon("status")).isEqualTo(new AdminClientForTests.Run(1,
            "horizon status: no horizon admin API at http://127.0.0.1:" + port + " (is `horizon up` running?)\n"));
    }

    @Test
    void deployAndRolloutVerbs() {
        assertThat(client.horizon("deploy", "cart", "--command", "java -jar  shop.jar", "--env", "V=2", "--env",
            "W=3", "--strategy", "blue-green")).isEqualTo(new AdminClientForTests.Run(0,
            "cart: deploying r2 ([java, -jar, shop.jar] {V=2, W=3}) with strategy blue-green\n"));
        assertThat(client.horizon("deploy", "cart", "--strategy", "big-bang")).isEqualTo(new AdminClientForTests.Run(2,
            "horizon: Invalid value for option '--strategy': 'big-bang' (expected: rolling, blue-green or "
                + "canary) (see horizon --help)\n"));
        assertThat(client.horizon("rollout", "status", "cart")).isEqualTo(new AdminClientForTests.Run(0,
            "cart: never deployed; r1 serves\n"));
        assertThat(client.horizon("rollout", "status", "cart", "--json")).isEqualTo(new AdminClientForTests.Run(0,
            "{\"rollout\":null}\n"));
        assertThat(client.horizon("rollout", "promote", "cart", "--full")).isEqualTo(new AdminClientForTests.Run(0,
            "cart: promoting r2 fully\n"));
        assertThat(client.horizon("rollout", "abort", "cart")).isEqualTo(new AdminClientForTests.Run(2,
            "horizon abort: cart: no rollout under way\n"));
        assertThat(client.horizon("rollout", "undo", "shop")).isEqualTo(new AdminClientForTests.Run(2,
            "horizon undo: service shop has static endpoints only; scaling needs an 'instances' block\n"));
    }
}
