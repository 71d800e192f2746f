package dev.horizon.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.horizon.sizing.ResizePolicy;
import dev.horizon.sizing.Resources;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FleetSpecTest {

    private static final List<String> COMMAND = List.of("java", "-jar", "shop.jar", "--port=${PORT}");

    private static FleetSpec.Builder shop() {
        return FleetSpec.builder("shop", COMMAND);
    }

    @Test
    void defaults() {
        FleetSpec spec = shop().build();

        assertThat(spec).isEqualTo(new FleetSpec("shop", COMMAND, Map.of(), 1, 10, Duration.ofSeconds(10),
            Duration.ofSeconds(30), Duration.ofSeconds(5), Duration.ofSeconds(60), Duration.ofSeconds(10),
            CountOrPercent.percentOf(25), new Probe(null, Duration.ofSeconds(1), Duration.ofSeconds(1), 1, 200, 399),
            new RestartBackoff(Duration.ofSeconds(1), Duration.ofMinutes(5), Duration.ofMinutes(2)),
            Resources.UNLIMITED, ResizePolicy.IN_PLACE, 1));
    }

    @Test
    void revisionOneKeepsTheOldInstanceIdsAndLaterRevisionsNameTheirs() {
        assertThat(shop().build().instanceId(3)).isEqualTo("shop-3");
        assertThat(shop().revision(2).build().instanceId(1)).isEqualTo("shop-r2-1");
        assertThat(shop().revision(12).build().instanceId(10)).isEqualTo("shop-r12-10");
        assertThatThrownBy(() -> shop().revision(0).build()).hasMessage("revision: 0 (expected: >= 1)");
    }

    @Test
    void withersMakeTheNextRevisionFromTheLastCarryingTheRestOver() {
        FleetSpec v1 = shop().env(Map.of("MODE", "a")).instances(2, 6).warmup(Duration.ofSeconds(3)).build();

        FleetSpec v2 = v1.withRevision(2).withCommand(List.of("java", "-jar", "shop-2.jar"))
            .withEnv(Map.of("MODE", "b"));

        assertThat(v2).isEqualTo(shop().env(Map.of("MODE", "b")).instances(2, 6).warmup(Duration.ofSeconds(3))
            .revision(2).build().withCommand(List.of("java", "-jar", "shop-2.jar")));
        assertThat(List.of(v2.revision(), v2.min(), v2.max())).containsExactly(2, 2, 6);
        assertThat(v1.revision()).isEqualTo(1);
        assertThatThrownBy(() -> v1.withCommand(List.of())).hasMessage("command: [] (expected: the program and its "
            + "arguments)");
        assertThatThrownBy(() -> v1.withEnv(Map.of("SERVICE", "x"))).hasMessage("env: 'SERVICE' is set by the fleet "
            + "for every instance (PORT, INSTANCE_ID and SERVICE are reserved)");
        assertThatThrownBy(() -> v1.withRevision(-1)).hasMessage("revision: -1 (expected: >= 1)");
    }

    @Test
    void copiesItsCollections() {
        List<String> command = new ArrayList<>(COMMAND);
        Map<String, String> env = new HashMap<>(Map.of("JAVA_OPTS", "-Xmx256m"));
        FleetSpec spec = FleetSpec.builder("shop", command).env(env).build();
        command.clear();
        env.clear();

        assertThat(spec.command()).isEqualTo(COMMAND);
        assertThat(spec.env()).isEqualTo(Map.of("JAVA_OPTS", "-Xmx256m"));
    }

    @Test
    void namesTheKeyOfEveryBadSetting() {
        assertThatThrownBy(() -> FleetSpec.builder("sh op", COMMAND).build())
            .hasMessage("service: 'sh op' (expected: letters, digits, '_', '.', '-', starting with a letter or digit)");
        assertThatThrownBy(() -> FleetSpec.builder("shop", List.of()).build())
            .hasMessage("command: [] (expected: the program and its arguments)");
        assertThatThrownBy(() -> FleetSpec.builder("shop", List.of(" ", "x")).build())
            .hasMessage("command: [ , x] (expected: the program and its arguments)");
        assertThatThrownBy(() -> shop().env(Map.of("PORT", "1")).build())
            .hasMessage("env: 'PORT' is set by the fleet for every instance"
                + " (PORT, INSTANCE_ID and SERVICE are reserved)");
        assertThatThrownBy(() -> shop().env(Map.of("1X", "1")).build())
            .hasMessage("env: '1X' (expected: a variable name of letters, digits and '_', not starting with a digit)");
        assertThatThrownBy(() -> shop().instances(-1, 3).build()).hasMessage("min: -1 (expected: >= 0)");
        assertThatThrownBy(() -> shop().instances(0, 0).build()).hasMessage("max: 0 (expected: 1..1000)");
        assertThatThrownBy(() -> shop().instances(0, 1001).build()).hasMessage("max: 1001 (expected: 1..1000)");
        assertThatThrownBy(() -> shop().instances(4, 3).build()).hasMessage("min: 4 is greater than max: 3");
        assertThatThrownBy(() -> shop().warmup(Duration.ofSeconds(-1)).build())
            .hasMessage("warmup: -1s (expected: >= 0s)");
        assertThatThrownBy(() -> shop().drainTimeout(Duration.ofMillis(-250)).build())
            .hasMessage("drain-timeout: -250ms (expected: >= 0s)");
        assertThatThrownBy(() -> shop().killGrace(Duration.ZERO).build())
            .hasMessage("kill-grace: 0s (expected: > 0s)");
        assertThatThrownBy(() -> shop().startTimeout(Duration.ZERO).build())
            .hasMessage("start-timeout: 0s (expected: > 0s)");
        assertThatThrownBy(() -> shop().unhealthyGrace(Duration.ofMinutes(-5)).build())
            .hasMessage("unhealthy-grace: -5m (expected: >= 0s)");
    }

    @Test
    void zeroMinAndZeroDurationsAreAllowedWhereTheyMeanSomething() {
        FleetSpec spec = shop().instances(0, 1).warmup(Duration.ZERO).drainTimeout(Duration.ZERO)
            .unhealthyGrace(Duration.ZERO).build();

        assertThat(List.of(spec.min(), spec.max())).containsExactly(0, 1);
    }

    @Test
    void probeValidatesItsFields() {
        Duration s = Duration.ofSeconds(1);
        assertThatThrownBy(() -> Probe.http("health"))
            .hasMessage("readiness.path: 'health' (expected: a request target starting with '/', without spaces or"
                + " control characters)");
        assertThatThrownBy(() -> Probe.http("/a b")).hasMessageStartingWith("readiness.path: '/a b'");
        assertThatThrownBy(() -> Probe.tcp(Duration.ZERO, s, 1)).hasMessage("readiness.interval: 0s (expected: > 0s)");
        assertThatThrownBy(() -> Probe.tcp(s, Duration.ZERO, 1)).hasMessage("readiness.timeout: 0s (expected: > 0s)");
        assertThatThrownBy(() -> Probe.tcp(s, s, 0)).hasMessage("readiness.rise: 0 (expected: 1..100)");
        assertThatThrownBy(() -> Probe.http("/h", s, s, 1, 400, 300))
            .hasMessage("readiness.expect: 400-300 (expected: FROM-TO within 100-599, FROM <= TO)");
    }

    @Test
    void probeDescribesItself() {
        assertThat(Probe.tcp()).hasToString("TCP connect every 1s (timeout 1s, rise 1)");
        assertThat(Probe.http("/health", Duration.ofMillis(500), Duration.ofMillis(250), 2, 200, 299))
            .hasToString("GET /health expecting 200-299 every 500ms (timeout 250ms, rise 2)");
        assertThat(Probe.http("/health").expects(399)).isTrue();
        assertThat(Probe.http("/health").expects(400)).isFalse();
    }
}
