package dev.horizon.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.horizon.balance.Algorithm;
import dev.horizon.balance.HealthCheck;
import dev.horizon.balance.OutlierDetection;
import dev.horizon.balance.Pool;
import dev.horizon.balance.SlowStart;
import dev.horizon.gateway.EndpointConfig;
import dev.horizon.gateway.GatewayConfig;
import dev.horizon.gateway.HashOn;
import dev.horizon.gateway.HealthProbe;
import dev.horizon.gateway.RetryPolicy;
import dev.horizon.gateway.Priority;
import dev.horizon.gateway.Route;
import dev.horizon.sizing.SizeCatalog;
import dev.horizon.gateway.RouteMatch;
import dev.horizon.gateway.ServiceConfig;
import dev.horizon.gateway.Sticky;
import dev.horizon.gateway.Timeouts;
import dev.horizon.gateway.WebSocketConfig;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {

    /** The example of docs/design.md without the {@code instances} and {@code autoscale} blocks. */
    static final String DESIGN_EXAMPLE = """
        gateway:
          listen: 127.0.0.1:8080
          admin: 127.0.0.1:9090            # admin API, metrics, dashboard; loopback by default
          timeouts: { connect: 2s, request-headers: 10s, idle: 60s, backend: 30s }
        routes:                             # first match wins
          - match: { host: shop.local, path-prefix: /api/, method: GET,
                     header: { X-Canary: "1" }, cookie: { beta: "yes" }, query: { v: "2" } }
            service: shop
        services:
          shop:
            balance: least-request          # round-robin | weighted-round-robin | least-connections | least-request
                                            # | peak-ewma | random | ip-hash | ring-hash | maglev
            hash-on: client-ip              # for hash balancers: client-ip | header:NAME | cookie:NAME | path
            sticky: { cookie: HZ_STICKY, ttl: 1h }
            health: { path: /health, interval: 2s, timeout: 1s, rise: 2, fall: 3, expect: 200-399 }
            outlier: { consecutive-5xx: 5, base-ejection: 30s, max-ejection-percent: 10 }
            retries: { attempts: 2, budget-percent: 20 }
            slow-start: 10s
            endpoints:                      # static endpoints ...
              - { address: 127.0.0.1:9001, weight: 5 }
        """;

    private static final InetSocketAddress LISTEN = new InetSocketAddress("127.0.0.1", 8080);
    private static final InetSocketAddress ADMIN = new InetSocketAddress("127.0.0.1", 9090);

    static LoadedConfig parse(String yaml) {
        return ConfigLoader.parse(yaml, "horizon.yaml", Map.of());
    }

    private static ServiceConfig service(String yaml) {
        return service(parse(yaml), "shop");
    }

    private static ServiceConfig service(LoadedConfig config, String name) {
        ServiceConfig service = config.gateway().services().get(name);
        assertThat(service).as(name).isNotNull();
        return service;
    }

    @Test
    void loadsTheDesignExampleIntoExactRecords() {
        LoadedConfig loaded = parse(DESIGN_EXAMPLE);

        assertThat(loaded.admin()).isEqualTo(ADMIN);
        GatewayConfig g = loaded.gateway();
        assertThat(g.listen()).isEqualTo(LISTEN);
        assertThat(g.timeouts()).isEqualTo(new Timeouts(Duration.ofSeconds(2), Duration.ofSeconds(10),
            Duration.ofSeconds(60), Duration.ofSeconds(30), Duration.ZERO));
        assertThat(g.trustedProxies()).isEmpty();
        assertThat(g.maxConnections()).isEqualTo(10_000);
        assertThat(g.drainTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(g.ioThreads()).isZero();
        assertThat(g.accessLog()).isFalse();
        assertThat(g.routes()).containsExactly(new Route("route-0",
            new RouteMatch("shop.local", "/api/", null, "GET", Map.of("X-Canary", "1"), Map.of("beta", "yes"),
                Map.of("v", "2")),
            "shop"));
        assertThat(g.services()).containsOnlyKeys("shop");
        ServiceConfig shop = service(loaded, "shop");
        assertThat(shop.name()).isEqualTo("shop");
        assertThat(shop.balance()).isEqualTo(Algorithm.LEAST_REQUEST);
        assertThat(shop.hashOn()).isEqualTo(HashOn.CLIENT_IP);
        assertThat(shop.boundedLoad()).isZero();
        assertThat(shop.sticky()).isEqualTo(new Sticky("HZ_STICKY", Duration.ofHours(1)));
        assertThat(shop.health()).isEqualTo(new HealthProbe("/health",
            new HealthCheck(Duration.ofSeconds(2), Duration.ofSeconds(1), 2, 3), 200, 399));
        assertThat(shop.outlier()).isEqualTo(new OutlierDetection(5, 5, Duration.ofSeconds(10),
            Duration.ofSeconds(30), Duration.ofSeconds(300), 10, true, true));
        assertThat(shop.retries()).isEqualTo(new RetryPolicy(2, 20, 3, false));
        assertThat(shop.slowStart()).isEqualTo(new SlowStart(Duration.ofSeconds(10), 1.0, 10.0));
        assertThat(shop.panicThresholdPercent()).isEqualTo(50);
        assertThat(shop.endpoints()).containsExactly(new EndpointConfig("127.0.0.1:9001", 5, ""));
    }

    @Test
    void emptyMappingIsTheDefaultGateway() {
        LoadedConfig loaded = parse("{}");

        assertThat(loaded).isEqualTo(new LoadedConfig(GatewayConfig.of(LISTEN, List.of(), List.of()), ADMIN, Map.of(),
            SizeCatalog.defaults()));
    }

    @Test
    void absentServiceKeysTakeTheGatewayDefaults() {
        LoadedConfig loaded = parse("""
            services:
              shop:
                endpoints: [127.0.0.1:9001]
            """);

        ServiceConfig expected = ServiceConfig.of("shop", List.of(new EndpointConfig("127.0.0.1:9001", 1, "")));
        assertThat(loaded.gateway().services()).isEqualTo(Map.of("shop", expected));
        assertThat(expected.balance()).isEqualTo(Algorithm.LEAST_REQUEST);
        assertThat(expected.outlier()).isEqualTo(OutlierDetection.DEFAULTS);
        assertThat(expected.health()).isNull();
        assertThat(expected.sticky()).isNull();
        assertThat(expected.retries()).isEqualTo(RetryPolicy.DEFAULTS);
        assertThat(expected.slowStart()).isEqualTo(SlowStart.NONE);
        assertThat(expected.panicThresholdPercent()).isEqualTo(Pool.DEFAULT_PANIC_THRESHOLD_PERCENT);
    }

    @Test
    void everyGatewayKeyIsRead() {
        LoadedConfig loaded = parse("""
            gateway:
              listen: 0.0.0.0:80
              admin: "[::1]:9999"
              timeouts: { connect: 250ms, request-headers: 1.5s, idle: 5m, backend: 1h, total: 90s }
              trusted-proxies: [10.0.0.0/8, 127.0.0.1, "::1/128"]
              max-connections: 500
              drain-timeout: 0s
              io-threads: 4
              access-log: true
              websocket: { idle-timeout: 10m }
            """);

        assertThat(loaded.admin()).isEqualTo(new InetSocketAddress("::1", 9999));
        assertThat(loaded.gateway()).isEqualTo(new GatewayConfig(new InetSocketAddress("0.0.0.0", 80),
            new Timeouts(Duration.ofMillis(250), Duration.ofMillis(1500), Duration.ofMinutes(5), Duration.ofHours(1),
                Duration.ofSeconds(90)),
            List.of("10.0.0.0/8", "127.0.0.1", "::1/128"), 500, Duration.ZERO, 4, true, List.of(), Map.of())
            .withWebSocket(new WebSocketConfig(Duration.ofMinutes(10))));
    }

    @Test
    void localhostListensOnLoopbackAndPortZeroIsAllowed() {
        LoadedConfig loaded = parse("gateway: { listen: 'localhost:0', admin: '[::]:9090' }");

        assertThat(loaded.gateway().listen()).isEqualTo(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        assertThat(loaded.admin()).isEqualTo(new InetSocketAddress("::", 9090));
    }

    @Test
    void absentTimeoutsKeepTheirDefaults() {
        Timeouts t = parse("gateway: { timeouts: { backend: 5s } }").gateway().timeouts();

        assertThat(t).isEqualTo(new Timeouts(Duration.ofSeconds(2), Duration.ofSeconds(10), Duration.ofSeconds(60),
            Duration.ofSeconds(5), Duration.ZERO));
    }

    @Test
    void everyServiceKeyIsRead() {
        ServiceConfig shop = service("""
            services:
              shop:
                balance: ring-hash
                hash-on: header:X-User
                bounded-load: 1.25
                sticky: { cookie: SID, secret: "sixteen+ chars of secret" }
                health: { interval: 5s, expect: 204 }
                outlier:
                  consecutive-5xx: 3
                  consecutive-gateway-errors: 4
                  base-ejection: 10s
                  max-ejection: 60s
                  max-ejection-percent: 50
                  always-eject-one: false
                  interval: 20s
                  health-check-unejects: false
                retries: { attempts: 0, budget-percent: 10, min-concurrent: 1, non-idempotent: true }
                slow-start: { window: 30s, aggression: 2.5, min-weight-percent: 5 }
                panic-threshold: 0
                endpoints:
                  - { address: 127.0.0.1:9001, weight: 5, zone: a }
                  - 127.0.0.1:9002
                  - "[::1]:9003"
            """);

        assertThat(shop).isEqualTo(new ServiceConfig("shop", Algorithm.RING_HASH,
            new HashOn(HashOn.Source.HEADER, "X-User"), 1.25,
            new Sticky("SID", Duration.ofHours(1), "sixteen+ chars of secret"),
            new HealthProbe("/health", new HealthCheck(Duration.ofSeconds(5), Duration.ofSeconds(1), 2, 3), 204, 204),
            new OutlierDetection(3, 4, Duration.ofSeconds(20), Duration.ofSeconds(10), Duration.ofSeconds(60), 50,
                false, false),
            new RetryPolicy(0, 10, 1, true), new SlowStart(Duration.ofSeconds(30), 2.5, 5.0), 0,
            List.of(new EndpointConfig("127.0.0.1:9001", 5, "a"), new EndpointConfig("127.0.0.1:9002", 1, ""),
                new EndpointConfig("[::1]:9003", 1, ""))));
    }

    @Test
    void bareStringEndpointIsAnAddressWithWeightOne() {
        assertThat(service("services: { shop: { endpoints: [ 10.1.2.3:8080 ] } }").endpoints())
            .containsExactly(new EndpointConfig("10.1.2.3:8080", 1, ""));
    }

    @Test
    void healthExpectTakesASingleStatusOrARange() {
        String yaml = "services: { shop: { health: { expect: %s } } }";

        assertThat(service(yaml.formatted("200")).health()).isEqualTo(
            new HealthProbe("/health", HealthCheck.DEFAULTS, 200, 200));
        assertThat(service(yaml.formatted("200-299")).health()).isEqualTo(
            new HealthProbe("/health", HealthCheck.DEFAULTS, 200, 299));
    }

    @Test
    void emptyHealthBlockProbesSlashHealthWithDefaults() {
        assertThat(service("services: { shop: { health: {} } }").health())
            .isEqualTo(new HealthProbe("/health", HealthCheck.DEFAULTS, 200, 399));
    }

    @Test
    void outlierOffDisablesOutlierDetection() {
        assertThat(service("services: { shop: { outlier: off } }").outlier()).isNull();
    }

    @Test
    void outlierBaseEjectionAboveFiveMinutesRaisesTheDefaultMaximum() {
        assertThat(service("services: { shop: { outlier: { base-ejection: 10m } } }").outlier())
            .isEqualTo(new OutlierDetection(5, 5, Duration.ofSeconds(10), Duration.ofMinutes(10),
                Duration.ofMinutes(10), 10, true, true));
    }

    @Test
    void slowStartTakesADurationOrAMapping() {
        assertThat(service("services: { shop: { slow-start: 1.5s } }").slowStart())
            .isEqualTo(new SlowStart(Duration.ofMillis(1500), 1.0, 10.0));
        assertThat(service("services: { shop: { slow-start: { window: 10s } } }").slowStart())
            .isEqualTo(new SlowStart(Duration.ofSeconds(10), 1.0, 10.0));
        assertThat(service("services: { shop: { slow-start: { window: 10s, aggression: 0.5, min-weight-percent: 25 }"
            + " } }").slowStart()).isEqualTo(new SlowStart(Duration.ofSeconds(10), 0.5, 25.0));
        assertThat(service("services: { shop: { slow-start: 0s } }").slowStart()).isEqualTo(SlowStart.NONE);
    }

    @Test
    void serviceWithoutEndpointsIsAllowed() {
        assertThat(service("services: { shop: {} }").endpoints()).isEmpty();
    }

    @Test
    void routesAreKeptInOrderWithDefaultAndGivenNames() {
        LoadedConfig loaded = parse("""
            routes:
              - name: api
                match: { path-prefix: /api/ }
                service: api
              - match: { path: /login, host: "*.shop.local" }
                service: web
              - service: web
            services:
              web: {}
              api: {}
            """);

        assertThat(loaded.gateway().routes()).containsExactly(
            new Route("api", new RouteMatch(null, "/api/", null, null, Map.of(), Map.of(), Map.of()), "api"),
            new Route("route-1", new RouteMatch("*.shop.local", null, "/login", null, Map.of(), Map.of(), Map.of()),
                "web"),
            new Route("route-2", RouteMatch.ANY, "web"));
    }

    @Test
    void unquotedNumbersAreTextWhereTextIsExpected() {
        Route route = parse("""
            routes: [ { match: { header: { X-Canary: 1 }, query: { v: 2.0 } }, service: shop } ]
            services: { shop: {} }
            """).gateway().routes().get(0);

        assertThat(route.match().headers()).isEqualTo(Map.of("X-Canary", "1"));
        assertThat(route.match().query()).isEqualTo(Map.of("v", "2.0"));
    }

    @Test
    void substitutesEnvironmentVariablesInValues() {
        Map<String, String> env = Map.of("BACKEND", "10.0.0.5:9001", "HOST", "10.0.0.6", "PORT", "9002",
            "WEIGHT", "7", "LISTEN", "127.0.0.1:18080");
        LoadedConfig loaded = ConfigLoader.parse("""
            gateway: { listen: "${LISTEN}" }
            routes: [ { match: { header: { X-Literal: "$${NOT_A_VAR}" } }, service: shop } ]
            services:
              shop:
                endpoints:
                  - address: ${BACKEND}
                  - { address: "${HOST}:${PORT}", weight: "${WEIGHT}" }
            """, "horizon.yaml", env);

        assertThat(loaded.gateway().listen()).isEqualTo(new InetSocketAddress("127.0.0.1", 18080));
        assertThat(loaded.gateway().routes().get(0).match().headers()).isEqualTo(Map.of("X-Literal", "${NOT_A_VAR}"));
        assertThat(service(loaded, "shop").endpoints()).containsExactly(
            new EndpointConfig("10.0.0.5:9001", 1, ""), new EndpointConfig("10.0.0.6:9002", 7, ""));
    }

    @Test
    void yamlAnchorsAndAliasesAreResolved() {
        LoadedConfig loaded = parse("""
            services:
              a: { health: &probe { path: /ready, rise: 1 } }
              b: { health: *probe }
            """);

        assertThat(service(loaded, "b").health())
            .isEqualTo(service(loaded, "a").health())
            .isEqualTo(new HealthProbe("/ready", new HealthCheck(Duration.ofSeconds(2), Duration.ofSeconds(1), 1, 3),
                200, 399));
    }

    @Test
    void loadsAFile(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("horizon.yaml");
        Files.writeString(file, DESIGN_EXAMPLE);

        assertThat(ConfigLoader.load(file, Map.of())).isEqualTo(parse(DESIGN_EXAMPLE));
    }

    @Test
    void fileErrorsNameThePathAsGiven(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("horizon.yaml");
        Files.writeString(file, "gateway:\n  listn: 127.0.0.1:8080\n");

        assertThatThrownBy(() -> ConfigLoader.load(file, Map.of())).isInstanceOf(ConfigException.class)
            .hasMessage(file + ":2: unknown key 'listn' under gateway (did you mean 'listen'?)");
    }

    @Test
    void reloadThatMovesTheListenerIsRefusedAtItsLine(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("horizon.yaml");
        Files.writeString(file, "gateway:\n  admin: 127.0.0.1:9095\n  listen: 127.0.0.1:8087\n");
        InetSocketAddress running = new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 8086);

        assertThatThrownBy(() -> ConfigLoader.load(file, Map.of(), running)).isInstanceOf(ConfigException.class)
            .hasMessage(file + ":3: gateway.listen: changing 127.0.0.1:8086 to 127.0.0.1:8087 needs a restart "
                + "(a reload keeps the listener)");
    }

    @Test
    void reloadThatDropsTheListenKeyNamesTheDefault() {
        InetSocketAddress running = new InetSocketAddress(InetAddress.getLoopbackAddress(), 8086);

        assertThatThrownBy(() -> ConfigLoader.parse("services: {}\ngateway:\n  admin: '[::1]:9095'\n",
            "horizon.yaml", Map.of(), running)).isInstanceOf(ConfigException.class)
            .hasMessage("horizon.yaml:2: gateway.listen: changing 127.0.0.1:8086 to 127.0.0.1:8080 (the default) "
                + "needs a restart (a reload keeps the listener)");
    }

    @Test
    void reloadOnTheSameListenerLoads() throws IOException {
        InetSocketAddress running = new InetSocketAddress(InetAddress.getByName("::1"), 8086);

        assertThat(ConfigLoader.parse("gateway: { listen: '[::1]:8086' }\n", "horizon.yaml", Map.of(), running)
            .gateway().listen()).isEqualTo(running);
    }

    @Test
    void missingFileIsOneLine() {
        assertThatThrownBy(() -> ConfigLoader.load(Path.of("horizon.yaml"), Map.of()))
            .isInstanceOf(ConfigException.class)
            .hasMessage("horizon.yaml: cannot read: No such file or directory");
    }

    @Test
    void directoryIsNotAFile(@TempDir Path dir) {
        assertThatThrownBy(() -> ConfigLoader.load(dir, Map.of())).isInstanceOf(ConfigException.class)
            .hasMessage(dir + ": cannot read: Is a directory");
    }

    @Test
    void invalidUtf8IsNamed(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("horizon.yaml");
        Files.write(file, new byte[] {'a', ':', ' ', (byte) 0xff, '\n'});

        assertThatThrownBy(() -> ConfigLoader.load(file, Map.of())).isInstanceOf(ConfigException.class)
            .hasMessage(file + ": cannot read: not valid UTF-8");
    }

    @Test
    void publicEntryPointsReadTheProcessEnvironment() {
        String path = System.getenv("PATH");
        assertThat(path).isNotNull();

        assertThat(ConfigLoader.parse("routes: [ { match: { header: { X-Path: '${PATH}' } }, service: s } ]\n"
            + "services: { s: {} }", "horizon.yaml").gateway().routes().get(0).match().headers())
            .isEqualTo(Map.of("X-Path", path));
    }

    @Test
    void aRouteCanRedirectToHttps() {
        LoadedConfig loaded = parse("""
            routes:
              - { name: web, service: shop, https-redirect: true }
            services:
              shop:
                endpoints: [127.0.0.1:9001]
            """);

        assertThat(loaded.gateway().routes()).containsExactly(
            new Route("web", RouteMatch.ANY, "shop", null, Priority.NORMAL, true));
    }
}
