package dev.horizon.config;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Collections;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Bad files and the exact one-line message each gets. */
class ConfigLoaderErrorsTest {

    private static final Map<String, String> ENV = Map.of("BACKEND", "127.0.0.1:9001");

    /** Unknown keys, at every level, with and without a suggestion. */
    static Stream<Arguments> unknownKeys() {
        return Stream.of(
            bad("gatway: {}",
                "horizon.yaml:1: unknown key 'gatway' at top level (did you mean 'gateway'?)"),
            bad("frontend: {}",
                "horizon.yaml:1: unknown key 'frontend' at top level (expected: gateway, routes, services, sizes,"
                    + " tcp)"),
            bad("gateway:\n  listen: 127.0.0.1:8080\n  listn: 127.0.0.1:8081\n",
                "horizon.yaml:3: unknown key 'listn' under gateway (did you mean 'listen'?)"),
            bad("gateway:\n  timeouts:\n    request: 5s\n",
                "horizon.yaml:3: unknown key 'request' under gateway.timeouts (did you mean 'request-headers'?)"),
            bad("routes:\n  - match: { path_prefix: /api/ }\n    service: shop\nservices: { shop: {} }\n",
                "horizon.yaml:2: unknown key 'path_prefix' under routes[0].match (did you mean 'path-prefix'?)"),
            bad("services:\n  shop:\n    endpoints: []\n    helth: { path: /health }\n",
                "horizon.yaml:4: unknown key 'helth' under services.shop (did you mean 'health'?)"),
            bad("services:\n  shop:\n    replicas: 3\n",
                "horizon.yaml:3: unknown key 'replicas' under services.shop (expected: balance, hash-on, "
                    + "bounded-load, sticky, health, outlier, retries, slow-start, panic-threshold, endpoints, "
                    + "instances, autoscale, deploy, concurrency-limit, tls)"),
            bad("services:\n  shop:\n    health:\n      intervall: 5s\n",
                "horizon.yaml:4: unknown key 'intervall' under services.shop.health (did you mean 'interval'?)"),
            bad("services:\n  shop:\n    endpoints:\n      - { address: 127.0.0.1:9001, wieght: 2 }\n",
                "horizon.yaml:4: unknown key 'wieght' under services.shop.endpoints[0] (did you mean 'weight'?)"));
    }

    /** Wrong types. */
    static Stream<Arguments> wrongTypes() {
        return Stream.of(
            bad("gateway:\n  - listen: 127.0.0.1:8080\n",
                "horizon.yaml:1: gateway: a list (expected: a mapping)"),
            bad("- gateway\n",
                "horizon.yaml:1: a list (expected: a mapping with gateway, routes, services, sizes, tcp)"),
            bad("gateway:\n  max-connections: lots\n",
                "horizon.yaml:2: gateway.max-connections: 'lots' (expected: an integer)"),
            bad("gateway:\n  access-log: yes\n",
                "horizon.yaml:2: gateway.access-log: 'yes' (expected: true or false)"),
            bad("services:\n  shop:\n    endpoints: { address: 127.0.0.1:9001 }\n",
                "horizon.yaml:3: services.shop.endpoints: a mapping (expected: a list)"),
            bad("services:\n  shop:\n    health:\n",
                "horizon.yaml:3: services.shop.health: no value (expected: a mapping)"),
            bad("services:\n  shop:\n    outlier: on\n",
                "horizon.yaml:3: services.shop.outlier: 'on' (expected: a mapping, or off)"),
            bad("routes:\n  - service: [shop]\n",
                "horizon.yaml:2: routes[0].service: a list (expected: a single value)"));
    }

    /** Two mistakes: the first in the file is reported, whatever order the sections are read in. */
    static Stream<Arguments> twoMistakes() {
        return Stream.of(
            bad("gateway:\n  max-connections: lots\nservices:\n  shop:\n    endpoints:\n"
                    + "      - { address: 127.0.0.1:9001, weight: heavy }\n",
                "horizon.yaml:2: gateway.max-connections: 'lots' (expected: an integer)"),
            bad("routes:\n  - match: { path-prefix: api }\n    service: shop\nservices:\n  shop:\n"
                    + "    balance: least-reqest\n",
                "horizon.yaml:2: routes[0].match.path-prefix: 'api' (expected: starts with /)"),
            bad("routes:\n  - match: { path-prefix: /api/ }\n    service: shpo\nservices:\n  shop:\n"
                    + "    balance: least-reqest\n",
                "horizon.yaml:3: routes[0].service: unknown service 'shpo' (known: shop) (did you mean 'shop'?)"),
            bad("services:\n  shop:\n    balance: random\n    retries: { attempts: 11 }\nroutes:\n"
                    + "  - match: { path-prefix: api }\n    service: shop\n",
                "horizon.yaml:4: services.shop.retries.attempts: 11 (expected: 0..10)"));
    }

    /** Durations. */
    static Stream<Arguments> durations() {
        return Stream.of(
            bad("gateway:\n  timeouts:\n    connect: 2 s\n",
                "horizon.yaml:3: gateway.timeouts.connect: '2 s' (expected: a duration like 250ms, 2s, 5m, 1h)"),
            bad("gateway:\n  timeouts: { idle: 60 }\n",
                "horizon.yaml:2: gateway.timeouts.idle: '60' (expected: a duration like 250ms, 2s, 5m, 1h)"),
            bad("gateway:\n  drain-timeout: -1s\n",
                "horizon.yaml:2: gateway.drain-timeout: '-1s' (expected: a duration like 250ms, 2s, 5m, 1h)"),
            bad("gateway:\n  timeouts: { connect: 0s }\n",
                "horizon.yaml:2: gateway.timeouts.connect: '0s' (expected: > 0)"));
    }

    /** Values the records refuse. */
    static Stream<Arguments> refusedValues() {
        return Stream.of(
            bad("services:\n  shop:\n    endpoints: []\n\n    balance: least-reqest\n",
                "horizon.yaml:5: services.shop.balance: 'least-reqest' (expected: round-robin | "
                    + "weighted-round-robin | least-connections | least-request | peak-ewma | random | ip-hash | "
                    + "ring-hash | maglev | jump-hash | rendezvous) (did you mean 'least-request'?)"),
            bad("services:\n  shop:\n    balance: round-robin\n    bounded-load: 1.25\n",
                "horizon.yaml:4: services.shop.bounded-load: only applies to hash algorithms, not round-robin"),
            bad("services:\n  shop:\n    hash-on: ip\n",
                "horizon.yaml:3: services.shop.hash-on: 'ip' (expected: client-ip | header:NAME | cookie:NAME | path)"),
            bad("services:\n  shop:\n    endpoints:\n      - address: 127.0.0.1:9001\n        weight: 0\n",
                "horizon.yaml:5: services.shop.endpoints[0].weight: 0 (expected: 1..1000)"),
            bad("services:\n  shop:\n    endpoints:\n      - 127.0.0.1:9001\n      - 127.0.0.1:70000\n",
                "horizon.yaml:5: services.shop.endpoints[1].address: '127.0.0.1:70000': port 70000 "
                    + "(expected: 1..65535)"),
            bad("services:\n  shop:\n    endpoints:\n      - 127.0.0.1:9001\n      - { address: 127.0.0.1:9001 }\n",
                "horizon.yaml:5: services.shop.endpoints[1]: duplicate address '127.0.0.1:9001' (first at line 4)"),
            bad("services:\n  shop:\n    endpoints:\n      - a b:80\n",
                "horizon.yaml:4: services.shop.endpoints[0].address: 'a b:80': host 'a b' has a space at position 2 "
                    + "(expected: a host name of letters, digits, '-', '_' and '.', an IPv4 address or an IPv6 "
                    + "address in brackets)"),
            bad("services:\n  shop:\n    endpoints:\n      - 127.0.0.1:9001\n      - \"http://127.0.0.1:9002\"\n",
                "horizon.yaml:5: services.shop.endpoints[1].address: 'http://127.0.0.1:9002' (expected: host:port, "
                    + "without a scheme)"),
            bad("services:\n  shop:\n    endpoints:\n      - { weight: 2,\n          address: \"a\\tb:80\" }\n",
                "horizon.yaml:5: services.shop.endpoints[0].address: 'a\\tb:80': host 'a\\tb' has a tab at position "
                    + "2 (expected: a host name of letters, digits, '-', '_' and '.', an IPv4 address or an IPv6 "
                    + "address in brackets)"),
            bad("services:\n  shop:\n    retries: { attempts: 11 }\n",
                "horizon.yaml:3: services.shop.retries.attempts: 11 (expected: 0..10)"),
            bad("services:\n  shop:\n    health:\n      rise: 0\n",
                "horizon.yaml:4: services.shop.health.rise: 0 (expected: >= 1)"),
            bad("services:\n  shop:\n    health: { expect: 2xx }\n",
                "horizon.yaml:3: services.shop.health.expect: '2xx' (expected: a status like 200 or a range like "
                    + "200-399)"),
            bad("services:\n  shop:\n    health: { path: health }\n",
                "horizon.yaml:3: services.shop.health.path: 'health' (expected: starts with /)"),
            bad("services:\n  shop:\n    sticky: { cookie: 'my cookie' }\n",
                "horizon.yaml:3: services.shop.sticky.cookie: 'my cookie' (expected: a cookie name token)"),
            bad("services:\n  shop:\n    sticky:\n      secret: short\n",
                "horizon.yaml:4: services.shop.sticky.secret: 5 characters (expected: at least 16)"),
            bad("services:\n  shop:\n    outlier:\n      base-ejection: 60s\n      max-ejection: 30s\n",
                "horizon.yaml:5: services.shop.outlier.max-ejection: '30s' (expected: >= base-ejection 60s)"),
            bad("services:\n  shop:\n    slow-start: { aggression: 2 }\n",
                "horizon.yaml:3: services.shop.slow-start: missing key 'window'"),
            bad("services:\n  shop:\n    panic-threshold: 101\n",
                "horizon.yaml:3: services.shop.panic-threshold: 101 (expected: 0..100)"),
            bad("services:\n  'shop floor': {}\n",
                "horizon.yaml:2: services.shop floor: service name: 'shop floor' (expected: letters, digits, _ . -)"),
            bad("gateway:\n  max-connections: 0\n",
                "horizon.yaml:2: gateway.max-connections: 0 (expected: >= 1)"));
    }

    /** Addresses. */
    static Stream<Arguments> addresses() {
        return Stream.of(
            bad("gateway:\n  listen: 127.0.0.1:70000\n",
                "horizon.yaml:2: gateway.listen: '127.0.0.1:70000' (expected: host:port with a port in 0..65535)"),
            bad("gateway:\n  listen: shop.example.com:8080\n",
                "horizon.yaml:2: gateway.listen: 'shop.example.com:8080' (expected: an IP address or localhost, "
                    + "then :port, e.g. 127.0.0.1:8080 or 0.0.0.0:8080)"),
            bad("gateway:\n  listen: '::1:8080'\n",
                "horizon.yaml:2: gateway.listen: '::1:8080' (expected: an IPv6 address in brackets, e.g. [::1]:8080)"),
            bad("gateway:\n  admin: 127.0.0.1\n",
                "horizon.yaml:2: gateway.admin: '127.0.0.1' (expected: host:port, e.g. 127.0.0.1:8080)"),
            bad("gateway:\n  listen: 127.0.0.1:9090\n",
                "horizon.yaml:1: gateway: '127.0.0.1:9090' overlaps gateway.listen '127.0.0.1:9090' "
                    + "(expected: another port)"),
            bad("gateway:\n  listen: 0.0.0.0:8080\n  admin: 127.0.0.1:8080\n",
                "horizon.yaml:3: gateway.admin: '127.0.0.1:8080' overlaps gateway.listen '0.0.0.0:8080' "
                    + "(expected: another port)"),
            bad("gateway:\n  trusted-proxies:\n    - 10.0.0.0/8\n    - proxy.local\n",
                "horizon.yaml:4: gateway.trusted-proxies[1]: 'proxy.local' (expected: an IP address or CIDR block, "
                    + "e.g. 10.0.0.0/8)"),
            bad("gateway:\n  trusted-proxies: [10.0.0.0/33]\n",
                "horizon.yaml:2: gateway.trusted-proxies[0]: '10.0.0.0/33' (expected: a prefix length in 0..32 "
                    + "after /)"));
    }

    /** Routes. */
    static Stream<Arguments> routes() {
        return Stream.of(
            bad("routes:\n  - match: { path-prefix: /api/ }\n    service: shpo\nservices:\n  shop: {}\n  cart: {}\n",
                "horizon.yaml:3: routes[0].service: unknown service 'shpo' (known: shop, cart) "
                    + "(did you mean 'shop'?)"),
            bad("routes:\n  - match: { path-prefix: /api/ }\n",
                "horizon.yaml:2: routes[0]: missing key 'service'"),
            bad("routes:\n  - match: { path-prefix: api }\n    service: shop\nservices: { shop: {} }\n",
                "horizon.yaml:2: routes[0].match.path-prefix: 'api' (expected: starts with /)"),
            bad("routes:\n  - match: { method: get }\n    service: shop\nservices: { shop: {} }\n",
                "horizon.yaml:2: routes[0].match.method: 'get' (expected: a method in upper case, e.g. GET)"),
            bad("routes:\n  - match: { host: 'shop.local:8080' }\n    service: shop\nservices: { shop: {} }\n",
                "horizon.yaml:2: routes[0].match.host: 'shop.local:8080' (expected: a host name without port, "
                    + "e.g. shop.local or *.shop.local)"),
            bad("routes:\n  - { name: api, service: shop }\n  - { name: api, service: shop }\nservices: { shop: {} }\n",
                "horizon.yaml:3: routes[1].name: duplicate route name 'api' (first at line 2)"));
    }

    /** YAML itself. */
    static Stream<Arguments> yamlItself() {
        return Stream.of(
            bad("services:\n  shop: {}\n  cart: {}\n  shop: { balance: random }\n",
                "horizon.yaml:4: duplicate key 'shop' under services (first at line 2)"),
            bad("gateway:\n\tlisten: 127.0.0.1:8080\n",
                "horizon.yaml:2: YAML syntax error: found character '\\t(TAB)' that cannot start any token. "
                    + "(Do not use \\t(TAB) for indentation)"),
            bad("services: { shop: { endpoints: [127.0.0.1:9001 }\n",
                "horizon.yaml:1: YAML syntax error: expected ',' or ']', but got }"),
            bad("gateway: {}\n---\nservices: {}\n",
                "horizon.yaml:2: YAML syntax error: expected a single document in the stream but found another "
                    + "document"),
            bad("gateway: " + "[".repeat(100_000), "horizon.yaml:1: YAML syntax error: nested too deeply"),
            bad(billionLaughs(7), "horizon.yaml:7: too many YAML aliases of mappings or lists (more than 50): alias "
                + "expansion is limited to defeat 'billion laughs' documents"),
            bad("gateway:\n  trusted-proxies:\n" + billionLaughs(9).indent(4),
                "horizon.yaml:9: too many YAML aliases of mappings or lists (more than 50): alias expansion is "
                    + "limited to defeat 'billion laughs' documents"),
            bad(billionLaughs(6), "horizon.yaml:1: unknown key 'l0' at top level (expected: gateway, routes, "
                + "services, sizes, tcp)"),
            bad("", "horizon.yaml:1: empty configuration (expected: gateway, routes, services, sizes, tcp)"),
            bad("# nothing yet\n",
                "horizon.yaml:1: empty configuration (expected: gateway, routes, services, sizes, tcp)"));
    }

    /** Managed instances. */
    static Stream<Arguments> managedInstances() {
        return Stream.of(
            bad("services:\n  shop:\n    instances:\n      min: 2\n",
                "horizon.yaml:3: services.shop.instances: missing key 'command'"),
            bad("services:\n  shop:\n    endpoints: [127.0.0.1:9001]\n    autoscale: { period: 1s }\n",
                "horizon.yaml:4: services.shop.autoscale: needs an 'instances' block: only instances Horizon runs "
                    + "can be scaled"));
    }

    /** Environment. */
    static Stream<Arguments> environment() {
        return Stream.of(
            bad("services:\n  shop:\n    endpoints:\n      - address: ${BACKEND_2}\n",
                "horizon.yaml:4: services.shop.endpoints[0].address: environment variable 'BACKEND_2' is not set"),
            bad("services:\n  shop:\n    endpoints: [ '${BACKEND' ]\n",
                "horizon.yaml:3: services.shop.endpoints[0]: bad environment variable reference '${BACKEND' "
                    + "(expected: ${NAME}, or $${ for a literal ${)"));
    }

    /**
     * A "billion laughs" mapping of {@code levels} lines: line 1 anchors a list of nine scalars, and each later line a
     * list of nine aliases of the line before, so line {@code n} holds aliases 9(n-2)+1 to 9(n-1): the 51st, one over
     * SnakeYAML's limit of 50, is on line 7.
     */
    private static String billionLaughs(int levels) {
        StringBuilder yaml = new StringBuilder("l0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
        for (int i = 1; i < levels; i++) {
            yaml.append("l").append(i).append(": &l").append(i).append(" [")
                .append(String.join(", ", Collections.nCopies(9, "*l" + (i - 1)))).append("]\n");
        }
        return yaml.toString();
    }

    private static Arguments bad(String yaml, String message) {
        return Arguments.of(yaml, message);
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource({"unknownKeys", "wrongTypes", "twoMistakes", "durations", "refusedValues", "addresses", "routes",
        "yamlItself", "managedInstances", "environment"})
    void refusesWithTheExactMessage(String yaml, String message) {
        assertThatThrownBy(() -> ConfigLoader.parse(yaml, "horizon.yaml", ENV))
            .isInstanceOf(ConfigException.class)
            .hasMessage(message);
    }
}
