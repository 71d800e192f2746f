package dev.horizon.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.horizon.balance.HealthCheck;
import dev.horizon.gateway.GatewayConfig;
import dev.horizon.gateway.HealthProbe;
import dev.horizon.gateway.TcpListener;
import dev.horizon.gateway.TcpListener.ProxyProtocol;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code tcp}: the defaults, every key read, TCP-connect checks for tcp-only services, bad entries at their line. */
class TcpSectionTest {

    private static final String SERVICES = "services:\n  redis: { endpoints: [ 127.0.0.1:6379 ] }\n"
        + "  web: { endpoints: [ 127.0.0.1:9001 ] }\n";

    private static GatewayConfig load(String yaml) {
        return ConfigLoader.parse(yaml, "horizon.yaml", Map.of()).gateway();
    }

    private static String error(String yaml) {
        try {
            load(yaml);
        } catch (ConfigException e) {
            return String.valueOf(e.getMessage());
        }
        throw new AssertionError("accepted: " + yaml);
    }

    @Test
    void readsTheDefaults() {
        GatewayConfig c = load(SERVICES + "tcp:\n  - { name: cache, listen: 127.0.0.1:6380, service: redis }\n");

        assertThat(c.tcp()).containsExactly(new TcpListener("cache", new InetSocketAddress("127.0.0.1", 6380),
            "redis", null, Duration.ofSeconds(5), Duration.ofHours(1), 10_000, ProxyProtocol.NONE, false));
    }

    @Test
    void readsEveryKey() {
        GatewayConfig c = load(SERVICES + "tcp:\n  - name: tls\n    listen: 127.0.0.1:8443\n    service: web\n"
            + "    match: { sni: '*.example.com' }\n    connect-timeout: 250ms\n    idle-timeout: 10m\n"
            + "    max-connections: 7\n    proxy-protocol: v2\n    splice: true\n");

        assertThat(c.tcp()).containsExactly(new TcpListener("tls", new InetSocketAddress("127.0.0.1", 8443), "web",
            "*.example.com", Duration.ofMillis(250), Duration.ofMinutes(10), 7, ProxyProtocol.V2, true));
    }

    @Test
    void givesTcpOnlyServicesWithoutHealthTcpConnectChecks() {
        GatewayConfig c = load(SERVICES + "routes: [ { service: web } ]\ntcp:\n"
            + "  - { name: cache, listen: 127.0.0.1:6380, service: redis }\n"
            + "  - { name: raw-web, listen: 127.0.0.1:6381, service: web }\n");

        assertThat(c.services().get("redis")).extracting(s -> s.health())
            .isEqualTo(HealthProbe.tcpConnect(HealthCheck.DEFAULTS));
        assertThat(c.services().get("web")).extracting(s -> s.health()).isNull();
    }

    @Test
    void refusesBadEntriesAtTheirLine() {
        assertThat(error(SERVICES + "tcp:\n  - { name: cache, listen: 127.0.0.1:6380, servce: redis }\n"))
            .isEqualTo("horizon.yaml:5: unknown key 'servce' under tcp[0] (did you mean 'service'?)");
        assertThat(error(SERVICES + "tcp:\n  - { name: cache, listen: 127.0.0.1:6380, service: rdis }\n"))
            .isEqualTo("horizon.yaml:5: tcp[0].service: unknown service 'rdis' (known: redis, web)"
                + " (did you mean 'redis'?)");
        assertThat(error(SERVICES + "tcp:\n  - { name: a, listen: 127.0.0.1:6380, service: redis }\n"
            + "  - { name: b, listen: 127.0.0.1:6380, service: web }\n"))
            .isEqualTo("horizon.yaml:6: tcp[1]: tcp b: listener a on 127.0.0.1:6380 already takes connections"
                + " without an SNI match (expected: match.sni on all but one)");
        assertThat(error(SERVICES + "tcp:\n  - { name: a, listen: 127.0.0.1:6380, service: redis,"
            + " match: { sni: Db.Example.com } }\n"))
            .isEqualTo("horizon.yaml:5: tcp[0].match.sni: 'Db.Example.com' (expected: a host name in lower case,"
                + " e.g. db.example.com or *.example.com)");
        assertThat(error(SERVICES + "tcp:\n  - { name: a, listen: 127.0.0.1:6380, service: redis,"
            + " proxy-protocol: v3 }\n"))
            .isEqualTo("horizon.yaml:5: tcp[0].proxy-protocol: 'v3' (expected: none | v1 | v2)"
                + " (did you mean 'v1'?)");
        assertThat(error(SERVICES + "tcp:\n  - { name: a, listen: 127.0.0.1:8080, service: redis }\n"))
            .isEqualTo("horizon.yaml:5: tcp[0].listen: '127.0.0.1:8080' overlaps gateway.listen '127.0.0.1:8080'"
                + " (expected: another address)");
        assertThat(error(SERVICES + "tcp:\n  - { name: a, listen: 0.0.0.0:9090, service: redis }\n"))
            .as("the wildcard takes the admin listener's port on every address")
            .isEqualTo("horizon.yaml:5: tcp[0].listen: '0.0.0.0:9090' overlaps gateway.admin '127.0.0.1:9090'"
                + " (expected: another address)");
        assertThat(error(SERVICES + "tcp:\n  - { name: a, listen: 127.0.0.1:6380, service: redis,"
            + " match: { sni: a.example.com } }\n  - { name: b, listen: 0.0.0.0:6380, service: web }\n"))
            .as("tcp listeners share one address, not a wildcard and a specific one")
            .isEqualTo("horizon.yaml:6: tcp[1].listen: '0.0.0.0:6380' overlaps tcp a '127.0.0.1:6380'"
                + " (expected: another address)");
    }
}
