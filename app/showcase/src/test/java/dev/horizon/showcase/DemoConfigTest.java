package dev.horizon.showcase;

import static org.assertj.core.api.Assertions.assertThat;

import dev.horizon.config.ConfigLoader;
import dev.horizon.config.LoadedConfig;
import dev.horizon.config.ManagedService;
import dev.horizon.gateway.ConcurrencyLimitConfig;
import dev.horizon.gateway.Priority;
import dev.horizon.gateway.RateLimit;
import dev.horizon.gateway.RateLimitKey;
import dev.horizon.gateway.Route;
import dev.horizon.limit.Rate;
import dev.horizon.autoscale.MetricTarget;
import dev.horizon.autoscale.Strategy;
import dev.horizon.sizing.Cpu;
import dev.horizon.sizing.ResizePolicy;
import dev.horizon.sizing.Resources;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

final class DemoConfigTest {

    @Test
    void generatedConfigLoadsIntoTheDemoFleet() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("DEMO_DB", "jdbc:h2:tcp://127.0.0.1:5/shop");
        env.put("DEMO_JWT_SECRET", "a\"b${x}");
        String yaml = DemoConfig.yaml(8080, 9090, List.of("/opt/jdk 25/bin/java", "-jar", "demo.jar",
            "--port=${PORT}", "--instance=${INSTANCE_ID}"), env, Path.of("/tmp/demo state"), Strategy.HORIZONTAL,
            ResizePolicy.IN_PLACE);
        LoadedConfig config = ConfigLoader.parse(yaml, "demo.yaml");

        assertThat(config.gateway().listen().getPort()).isEqualTo(8080);
        assertThat(config.admin().getPort()).isEqualTo(9090);
        ManagedService shop = java.util.Objects.requireNonNull(config.managed().get("shop"));
        assertThat(shop.instances().command()).containsExactly("/opt/jdk 25/bin/java", "-jar", "demo.jar",
            "--port=${PORT}", "--instance=${INSTANCE_ID}");
        assertThat(shop.instances().env()).containsExactlyInAnyOrderEntriesOf(Map.of("DEMO_DB",
            "jdbc:h2:tcp://127.0.0.1:5/shop", "DEMO_JWT_SECRET", "a\"b${x}"));
        assertThat(shop.instances().min()).isEqualTo(2);
        assertThat(shop.instances().max()).isEqualTo(8);
        assertThat(shop.instances().warmup()).isEqualTo(Duration.ofSeconds(3));
        var service = java.util.Objects.requireNonNull(config.gateway().services().get("shop"));
        assertThat(java.util.Objects.requireNonNull(service.health()).path())
            .as("rotation follows liveness, so a Redis outage takes no instance out").isEqualTo("/livez");
        assertThat(shop.instances().stateDir()).isEqualTo(Path.of("/tmp/demo state/instances"));
        var autoscale = java.util.Objects.requireNonNull(shop.autoscale());
        assertThat(autoscale.policy().metrics()).singleElement()
            .satisfies(m -> assertThat(m.target()).isEqualTo(new MetricTarget.AverageValue(40)));
        assertThat(autoscale.policy().behavior().scaleDown().stabilization())
            .isEqualTo(Duration.ofSeconds(15));
        assertThat(shop.instances().resources()).isEqualTo(Resources.UNLIMITED);
        assertThat(autoscale.strategy()).isEqualTo(Strategy.HORIZONTAL);
    }

    @Test
    void loginIsLimitedPerShopperBehindTheTrustedLoopbackAndEverythingElseGoesToTheShop() {
        LoadedConfig config = ConfigLoader.parse(DemoConfig.yaml(8080, 9090, List.of("java", "-jar", "demo.jar"),
            Map.of(), Path.of("/tmp/demo"), Strategy.HORIZONTAL, ResizePolicy.IN_PLACE), "demo.yaml");

        assertThat(config.gateway().trustedProxies()).containsExactly("127.0.0.1");
        assertThat(config.gateway().routes()).extracting(Route::name).containsExactly("login", "shop");
        Route login = config.gateway().routes().getFirst();
        assertThat(login.match().pathExact()).isEqualTo("/login");
        assertThat(login.service()).isEqualTo("shop");
        RateLimit limit = java.util.Objects.requireNonNull(login.rateLimit());
        assertThat(limit.rate()).isEqualTo(new Rate(1, Duration.ofSeconds(1), 3));
        assertThat(limit.key()).isEqualTo(RateLimitKey.CLIENT_IP);
        assertThat(limit.scope()).isEqualTo(RateLimit.Scope.LOCAL);
        assertThat(login.priority()).isEqualTo(Priority.LOW);
        assertThat(config.gateway().routes().get(1).rateLimit()).isNull();
        assertThat(config.gateway().routes().get(1).priority()).isEqualTo(Priority.NORMAL);
        assertThat(java.util.Objects.requireNonNull(config.gateway().services().get("shop")).concurrencyLimit())
            .isEqualTo(new ConcurrencyLimitConfig(ConcurrencyLimitConfig.Algorithm.GRADIENT2, 16, 64,
                ConcurrencyLimitConfig.AIMD_TIMEOUT, null, ConcurrencyLimitConfig.RETRY_AFTER));
        assertThat(ShopTraffic.address(0)).isEqualTo("10.0.0.1");
        assertThat(ShopTraffic.address(399)).isEqualTo("10.0.1.144");
    }

    @Test
    void theDefaultStoryStartsSmallGrowsInPlaceThenClones() {
        String yaml = DemoConfig.yaml(8080, 9090, List.of("java", "-jar", "demo.jar"), Map.of(),
            Path.of("/tmp/demo"), Strategy.VERTICAL_FIRST, ResizePolicy.RESTART);
        LoadedConfig config = ConfigLoader.parse(yaml, "demo.yaml");
        ManagedService shop = java.util.Objects.requireNonNull(config.managed().get("shop"));
        assertThat(shop.instances().resources()).isEqualTo(Resources.of("250m", "512Mi"));
        assertThat(shop.instances().resizePolicy()).isEqualTo(ResizePolicy.RESTART);
        var autoscale = java.util.Objects.requireNonNull(shop.autoscale());
        assertThat(autoscale.strategy()).isEqualTo(Strategy.VERTICAL_FIRST);
        assertThat(autoscale.policy().metrics()).singleElement()
            .satisfies(m -> assertThat(m.target()).isEqualTo(new MetricTarget.Utilization(60)));
        var vertical = java.util.Objects.requireNonNull(autoscale.vertical());
        assertThat(vertical.minCpu()).isEqualTo(Cpu.millicores(250));
        assertThat(vertical.maxCpu()).isEqualTo(Cpu.millicores(500));
        assertThat(vertical.halfLife()).isEqualTo(Duration.ofSeconds(30));
        assertThat(shop.instances().cpuRequestMillis()).isEqualTo(250);
    }

    @Test
    void theDeployBlockShipsWithinHalfADefaultRunAndKeepsShoppersOnTheirRevisionByTheShopsCookie() {
        String yaml = DemoConfig.yaml(8080, 9090, List.of("java", "-jar", "demo.jar"), Map.of("SHOP_VERSION", "1"),
            Path.of("/tmp/demo"), Strategy.VERTICAL_FIRST, ResizePolicy.IN_PLACE) + DemoConfig.deploy("canary");
        ManagedService shop = java.util.Objects.requireNonNull(ConfigLoader.parse(yaml, "demo.yaml").managed()
            .get("shop"));
        var deploy = shop.deploy();
        assertThat(deploy.strategy().text()).isEqualTo("canary");
        assertThat(deploy.steps()).extracting(s -> s.weightBasisPoints() + " for " + s.pause())
            .containsExactly("2000 for PT10S", "5000 for PT10S");
        var analysis = java.util.Objects.requireNonNull(deploy.analysis());
        assertThat(analysis.interval()).isEqualTo(Duration.ofSeconds(5));
        assertThat(analysis.minRequests()).isEqualTo(20);
        assertThat(analysis.maxP99()).isEqualTo(Duration.ofSeconds(2));
        assertThat(analysis.maxLatencyIncrease()).isEqualTo(4.0);
        assertThat(analysis.failureLimit()).isEqualTo(2);
        assertThat(deploy.autoPromote()).isTrue();
        assertThat(deploy.scaleDownDelay()).isEqualTo(Duration.ofSeconds(20));
        assertThat(deploy.sessionCookie()).isEqualTo(Shopper.COOKIE);
        assertThat(shop.instances().env()).containsEntry(DemoConfig.VERSION_VARIABLE, "1");

        String rolling = DemoConfig.yaml(8080, 9090, List.of("java"), Map.of(), Path.of("/tmp/demo"),
            Strategy.HORIZONTAL, ResizePolicy.IN_PLACE) + DemoConfig.deploy(null);
        assertThat(java.util.Objects.requireNonNull(ConfigLoader.parse(rolling, "demo.yaml").managed().get("shop"))
            .deploy().strategy().text()).isEqualTo("rolling");
    }
}
