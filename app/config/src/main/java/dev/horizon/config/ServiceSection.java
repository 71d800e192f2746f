package dev.horizon.config;

import dev.horizon.balance.Algorithm;
import dev.horizon.balance.HealthCheck;
import dev.horizon.balance.OutlierDetection;
import dev.horizon.balance.SlowStart;
import dev.horizon.deploy.DeployConfig;
import dev.horizon.gateway.ConcurrencyLimitConfig;
import dev.horizon.gateway.EndpointConfig;
import dev.horizon.gateway.HashOn;
import dev.horizon.gateway.HealthProbe;
import dev.horizon.gateway.RetryPolicy;
import dev.horizon.gateway.ServiceConfig;
import dev.horizon.gateway.Sticky;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/** One entry of {@code services} in {@code horizon.yaml}, read into a {@link ServiceConfig}. */
final class ServiceSection {

    static final List<String> KEYS = List.of("balance", "hash-on", "bounded-load", "sticky", "health", "outlier",
        "retries", "slow-start", "panic-threshold", "endpoints", "instances", "autoscale", "deploy",
        "concurrency-limit", "tls");
    static final List<String> STICKY_KEYS = List.of("cookie", "ttl", "secret");
    static final List<String> HEALTH_KEYS = List.of("path", "interval", "timeout", "rise", "fall", "expect");
    static final List<String> OUTLIER_KEYS = List.of("consecutive-5xx", "consecutive-gateway-errors",
        "base-ejection", "max-ejection", "max-ejection-percent", "always-eject-one", "interval",
        "health-check-unejects");
    static final List<String> RETRY_KEYS = List.of("attempts", "budget-percent", "min-concurrent", "non-idempotent");
    static final List<String> SLOW_START_KEYS = List.of("window", "aggression", "min-weight-percent");
    static final List<String> ENDPOINT_KEYS = List.of("address", "weight", "zone");

    /** The sticky cookie's name when {@code sticky} does not set one. */
    static final String DEFAULT_STICKY_COOKIE = "HZ_STICKY";
    /** The sticky cookie's lifetime when {@code sticky} does not set one. */
    static final Duration DEFAULT_STICKY_TTL = Duration.ofHours(1);
    /** The probe's path when {@code health} does not set one. */
    static final String DEFAULT_HEALTH_PATH = "/health";
    /** The lowest passing status when {@code health} sets no {@code expect}. */
    static final int DEFAULT_EXPECT_MIN = 200;
    /** The highest passing status when {@code health} sets no {@code expect}. */
    static final int DEFAULT_EXPECT_MAX = 399;

    /** A service's settings when its keys are absent: the gateway's own defaults. */
    private static final ServiceConfig DEFAULTS = ServiceConfig.of("defaults", List.of());
    private static final Pattern EXPECT = Pattern.compile("([0-9]{3})(?:-([0-9]{3}))?");

    private ServiceSection() {
    }

    /**
     * A service as configured: what the gateway balances over, and the instances Horizon runs for it.
     *
     * @param gateway the gateway's part (static endpoints only; managed instances join at run time)
     * @param managed the {@code instances}, {@code autoscale} and {@code deploy} blocks, or null for a service of
     *                static endpoints
     */
    record Read(ServiceConfig gateway, @Nullable ManagedService managed) {
    }

    /** The service {@code name} configured by {@code node}, its instances' sizes read against {@code sizing}. */
    static Read read(String name, ConfigNode node, Sizing sizing) {
        ConfigMap s = node.map(KEYS);
        ConfigNode instancesNode = s.get("instances");
        ConfigNode autoscale = s.get("autoscale");
        if (autoscale != null && instancesNode == null) {
            throw autoscale.error("needs an 'instances' block: only instances Horizon runs can be scaled");
        }
        ConfigNode deploy = s.get("deploy");
        if (deploy != null && instancesNode == null) {
            throw deploy.error("needs an 'instances' block: only instances Horizon runs can be deployed");
        }
        InstancesConfig instances = instancesNode == null ? null : InstancesSection.read(instancesNode, sizing);
        ManagedService managed = null;
        if (instances != null) {
            AutoscaleConfig scaling = autoscale == null ? null
                : AutoscaleSection.read(autoscale, instances.min(), instances.max(), instances.resources(), sizing);
            managed = new ManagedService(name, instances, scaling,
                deploy == null ? DeployConfig.DEFAULTS : DeploySection.read(deploy));
        }
        ConfigNode balanceNode = s.get("balance");
        Algorithm balance = balanceNode == null ? DEFAULTS.balance() : balanceNode.parse(Algorithm::of);
        ConfigNode hashOnNode = s.get("hash-on");
        HashOn hashOn = hashOnNode == null ? DEFAULTS.hashOn() : hashOnNode.parse(HashOn::parse);
        double boundedLoad = s.decimal("bounded-load", DEFAULTS.boundedLoad());
        Sticky sticky = sticky(s.get("sticky"));
        HealthProbe health = health(s.get("health"));
        OutlierDetection outlier = outlier(s.get("outlier"));
        RetryPolicy retries = retries(s.get("retries"));
        SlowStart slowStart = slowStart(s.get("slow-start"));
        int panicThreshold = s.integer("panic-threshold", DEFAULTS.panicThresholdPercent());
        List<EndpointConfig> endpoints = endpoints(s.get("endpoints"));
        ConcurrencyLimitConfig concurrencyLimit = ConcurrencyLimitSection.read(s.get("concurrency-limit"));
        ServiceConfig gateway = s.build(() -> new ServiceConfig(name, balance, hashOn, boundedLoad, sticky, health,
            outlier, retries, slowStart, panicThreshold, endpoints).withConcurrencyLimit(concurrencyLimit)
            .withTls(TlsSection.endpoints(s.get("tls"))));
        return new Read(gateway, managed);
    }

    private static @Nullable Sticky sticky(@Nullable ConfigNode node) {
        if (node == null) {
            return null;
        }
        ConfigMap m = node.map(STICKY_KEYS);
        String cookie = m.text("cookie", DEFAULT_STICKY_COOKIE);
        Duration ttl = m.duration("ttl", DEFAULT_STICKY_TTL);
        String secret = m.text("secret", "");
        return m.build(() -> new Sticky(cookie, ttl, secret));
    }

    private static @Nullable HealthProbe health(@Nullable ConfigNode node) {
        if (node == null) {
            return null;
        }
        ConfigMap m = node.map(HEALTH_KEYS);
        HealthCheck d = HealthCheck.DEFAULTS;
        String path = m.text("path", DEFAULT_HEALTH_PATH);
        Duration interval = m.duration("interval", d.interval());
        Duration timeout = m.duration("timeout", d.timeout());
        int rise = m.integer("rise", d.rise());
        int fall = m.integer("fall", d.fall());
        int expectMin = DEFAULT_EXPECT_MIN;
        int expectMax = DEFAULT_EXPECT_MAX;
        ConfigNode expect = m.get("expect");
        if (expect != null) {
            String text = expect.text();
            Matcher e = EXPECT.matcher(text);
            if (!e.matches()) {
                throw expect.error("'" + text + "' (expected: a status like 200 or a range like 200-399)");
            }
            expectMin = Integer.parseInt(e.group(1));
            expectMax = e.group(2) == null ? expectMin : Integer.parseInt(e.group(2));
        }
        HealthCheck check = m.build(() -> new HealthCheck(interval, timeout, rise, fall));
        int min = expectMin;
        int max = expectMax;
        return m.build(() -> new HealthProbe(path, check, min, max));
    }

    private static @Nullable OutlierDetection outlier(@Nullable ConfigNode node) {
        if (node == null) {
            return DEFAULTS.outlier();
        }
        if (node.isScalar() && node.text().equals("off")) {
            return null;
        }
        if (!node.isMap()) {
            throw node.unexpected("a mapping, or off");
        }
        ConfigMap m = node.map(OUTLIER_KEYS);
        OutlierDetection d = OutlierDetection.DEFAULTS;
        int consecutive5xx = m.integer("consecutive-5xx", d.consecutive5xx());
        int gatewayErrors = m.integer("consecutive-gateway-errors", d.consecutiveGatewayErrors());
        Duration baseEjection = m.duration("base-ejection", d.baseEjection());
        Duration maxEjection = m.duration("max-ejection", OutlierDetection.defaultMaxEjection(baseEjection));
        int maxEjectionPercent = m.integer("max-ejection-percent", d.maxEjectionPercent());
        boolean alwaysEjectOne = m.bool("always-eject-one", d.alwaysEjectOne());
        Duration interval = m.duration("interval", d.interval());
        boolean unejects = m.bool("health-check-unejects", d.successfulActiveHealthCheckUnejects());
        return m.build(() -> new OutlierDetection(consecutive5xx, gatewayErrors, interval, baseEjection, maxEjection,
            maxEjectionPercent, alwaysEjectOne, unejects));
    }

    private static RetryPolicy retries(@Nullable ConfigNode node) {
        RetryPolicy d = RetryPolicy.DEFAULTS;
        if (node == null) {
            return d;
        }
        ConfigMap m = node.map(RETRY_KEYS);
        int attempts = m.integer("attempts", d.attempts());
        int budgetPercent = m.integer("budget-percent", d.budgetPercent());
        int minConcurrent = m.integer("min-concurrent", d.minConcurrent());
        boolean nonIdempotent = m.bool("non-idempotent", d.nonIdempotent());
        return m.build(() -> new RetryPolicy(attempts, budgetPercent, minConcurrent, nonIdempotent));
    }

    private static SlowStart slowStart(@Nullable ConfigNode node) {
        if (node == null) {
            return DEFAULTS.slowStart();
        }
        if (!node.isMap()) {
            Duration window = node.duration();
            return node.build(() -> SlowStart.of(window));
        }
        ConfigMap m = node.map(SLOW_START_KEYS);
        Duration window = m.require("window").duration();
        double aggression = m.decimal("aggression", SlowStart.DEFAULT_AGGRESSION);
        double minWeightPercent = m.decimal("min-weight-percent", SlowStart.DEFAULT_MIN_WEIGHT_PERCENT);
        return m.build(() -> new SlowStart(window, aggression, minWeightPercent));
    }

    private static List<EndpointConfig> endpoints(@Nullable ConfigNode node) {
        if (node == null) {
            return List.of();
        }
        List<EndpointConfig> endpoints = new ArrayList<>();
        Map<String, Integer> firstLine = new HashMap<>();
        for (ConfigNode item : node.list()) {
            EndpointConfig endpoint;
            if (item.isMap()) {
                ConfigMap m = item.map(ENDPOINT_KEYS);
                String address = m.require("address").parse(EndpointAddress::checked);
                int weight = m.integer("weight", 1);
                String zone = m.text("zone", "");
                endpoint = m.build(() -> new EndpointConfig(address, weight, zone));
            } else if (item.isScalar()) {
                String address = item.parse(EndpointAddress::checked);
                endpoint = item.build(() -> new EndpointConfig(address, 1, ""));
            } else {
                throw item.unexpected("host:port, or a mapping with address, weight, zone");
            }
            Integer first = firstLine.putIfAbsent(endpoint.address(), item.line());
            if (first != null) {
                throw item.error("duplicate address '" + endpoint.address() + "' (first at line " + first + ")");
            }
            endpoints.add(endpoint);
        }
        return endpoints;
    }
}
