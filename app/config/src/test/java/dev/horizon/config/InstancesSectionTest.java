package dev.horizon.config;

import static dev.horizon.config.ConfigLoaderTest.DESIGN_EXAMPLE;
import static dev.horizon.config.ConfigLoaderTest.parse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.horizon.autoscale.Behavior;
import dev.horizon.autoscale.MetricSpec;
import dev.horizon.autoscale.MetricTarget;
import dev.horizon.autoscale.RatePolicy;
import dev.horizon.autoscale.Rules;
import dev.horizon.autoscale.ScalingPolicy;
import dev.horizon.autoscale.Select;
import dev.horizon.autoscale.Tolerance;
import dev.horizon.deploy.DeployConfig;
import dev.horizon.fleet.CountOrPercent;
import dev.horizon.fleet.FleetSpec;
import dev.horizon.gateway.ServiceConfig;
import dev.horizon.sizing.ResizePolicy;
import dev.horizon.sizing.Resources;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.junit.jupiter.api.Test;

/** A service's {@code instances} block (and the design example's managed service with its autoscaler). */
class InstancesSectionTest {

    /**
     * The rest of the example. docs/design.md writes {@code --port=${PORT}} unquoted inside a flow sequence, where YAML
     * reads the brace as the start of a mapping; quoted here.
     */
    @Test
    void designExampleWithManagedInstancesAndAutoscalingLoadsIntoExactRecords() {
        String full = DESIGN_EXAMPLE + """
                instances:                      # ... or managed instances (fleet)
                  command: [java, -jar, demo/target/demo.jar, "--port=${PORT}"]
                  min: 2
                  max: 10
                  warmup: 10s
                  drain-timeout: 30s
                autoscale:
                  period: 1s
                  metrics:
                    - { type: inflight, target: 20 }          # per-instance average
                    - { type: cpu, target-utilization: 70 }
                  behavior:
                    scale-up:   { stabilization: 0s,   policies: [ { percent: 100, period: 15s },
                                  { instances: 4, period: 15s } ], select: max }
                    scale-down: { stabilization: 300s, policies: [ { percent: 50, period: 60s } ] }
                  schedule: [ { cron: "0 9 * * MON-FRI", zone: UTC, min: 6 } ]
            """;

        ManagedService shop = parse(full).managed().get("shop");

        assertThat(shop).isNotNull();
        assertThat(Objects.requireNonNull(shop).instances()).isEqualTo(new InstancesConfig(
            List.of("java", "-jar", "demo/target/demo.jar", "--port=${PORT}"), Map.of(), 2, 10, Duration.ofSeconds(10),
            Duration.ofSeconds(30), InstancesConfig.DEFAULT_START_TIMEOUT, InstancesConfig.DEFAULT_UNHEALTHY_GRACE,
            FleetSpec.DEFAULT_MAX_UNHEALTHY_REPLACEMENTS, 1000, InstancesConfig.DEFAULT_STATE_DIR, Resources.UNLIMITED,
            null, ResizePolicy.IN_PLACE));
        AutoscaleConfig autoscale = Objects.requireNonNull(shop.autoscale());
        ScalingPolicy p = autoscale.policy();
        assertThat(p.min()).isEqualTo(2);
        assertThat(p.max()).isEqualTo(10);
        assertThat(p.period()).isEqualTo(Duration.ofSeconds(1));
        assertThat(p.tolerance()).isEqualTo(Tolerance.DEFAULT);
        assertThat(p.metrics()).containsExactly(new MetricSpec("inflight", new MetricTarget.AverageValue(20)),
            new MetricSpec("cpu", new MetricTarget.Utilization(70)));
        assertThat(p.behavior()).isEqualTo(new Behavior(
            new Rules(Duration.ZERO, List.of(RatePolicy.percent(100, Duration.ofSeconds(15)),
                RatePolicy.instances(4, Duration.ofSeconds(15))), Select.MAX),
            new Rules(Duration.ofSeconds(300), List.of(RatePolicy.percent(50, Duration.ofSeconds(60))), Select.MAX)));
        assertThat(p.schedule()).hasSize(1);
        assertThat(p.schedule().getFirst().min()).isEqualTo(6);
        assertThat(p.schedule().getFirst().zone()).isEqualTo(ZoneId.of("UTC"));
        assertThat(autoscale.sources()).containsExactly(Map.entry("inflight", new MetricSource.Inflight()),
            Map.entry("cpu", new MetricSource.Cpu()));
    }

    @Test
    void instancesBlockIsReadWithPerInstanceReferencesKept() {
        LoadedConfig loaded = ConfigLoader.parse("""
            services:
              shop:
                instances:
                  command: [java, -jar, "${JAR}", "--port=${PORT}", "--name=${SERVICE}-${INSTANCE_ID}", "$${LITERAL}"]
                  env: { GREETING: "hi ${USER_NAME}", ID: "${INSTANCE_ID}" }
                  min: 2
                  max: 6
                  warmup: 5s
                  drain-timeout: 3s
                  start-timeout: 20s
                  unhealthy-grace: 4s
                  max-unhealthy-replacements: 2
                  cpu-request: 250m
                  state-dir: /tmp/hz
            """, "horizon.yaml", Map.of("JAR", "shop.jar", "USER_NAME", "ann"));

        assertThat(loaded.gateway().services().get("shop")).extracting(ServiceConfig::endpoints).asList().isEmpty();
        assertThat(loaded.managed()).containsOnlyKeys("shop");
        assertThat(loaded.managed().get("shop")).isEqualTo(new ManagedService("shop", new InstancesConfig(
            List.of("java", "-jar", "shop.jar", "--port=${PORT}", "--name=${SERVICE}-${INSTANCE_ID}", "${LITERAL}"),
            Map.of("GREETING", "hi ann", "ID", "${INSTANCE_ID}"), 2, 6, Duration.ofSeconds(5), Duration.ofSeconds(3),
            Duration.ofSeconds(20), Duration.ofSeconds(4), CountOrPercent.count(2), 250, Path.of("/tmp/hz"),
            Resources.UNLIMITED, null, ResizePolicy.IN_PLACE), null, DeployConfig.DEFAULTS));
    }

    private static InstancesConfig instances(String block) {
        ManagedService shop = parse("services:\n  shop:\n    instances: " + block + "\n").managed().get("shop");
        assertThat(shop).isNotNull();
        return Objects.requireNonNull(shop).instances();
    }

    @Test
    void instancesDefaults() {
        assertThat(instances("{ command: [./run] }")).isEqualTo(new InstancesConfig(List.of("./run"), Map.of(), 1, 1,
            InstancesConfig.DEFAULT_WARMUP, InstancesConfig.DEFAULT_DRAIN_TIMEOUT,
            InstancesConfig.DEFAULT_START_TIMEOUT, InstancesConfig.DEFAULT_UNHEALTHY_GRACE,
            CountOrPercent.percentOf(25), 1000, InstancesConfig.DEFAULT_STATE_DIR, Resources.UNLIMITED, null,
            ResizePolicy.IN_PLACE));
        assertThat(instances("{ command: [./run], min: 3 }").max()).as("max defaults to min").isEqualTo(3);
        assertThat(instances("{ command: [./run], max-unhealthy-replacements: 50% }").maxUnhealthyReplacements())
            .isEqualTo(CountOrPercent.percentOf(50));
        assertThat(instances("{ command: [./run], cpu-request: 1.5 }").cpuRequestMillis()).isEqualTo(1500);
    }

    @Test
    void badInstancesBlocksAreRefusedAtTheKey() {
        String head = "services:\n  shop:\n    instances:\n";
        assertThatThrownBy(() -> parse(head + "      command: java -jar x.jar\n"))
            .hasMessage("horizon.yaml:4: services.shop.instances.command: 'java -jar x.jar' (expected: a list of "
                + "arguments, like [java, -jar, app.jar, --port=${PORT}])");
        assertThatThrownBy(() -> parse(head + "      command: []\n"))
            .hasMessage("horizon.yaml:4: services.shop.instances.command: empty (expected: the program and its "
                + "arguments)");
        assertThatThrownBy(() -> parse(head + "      command: [x]\n      min: 3\n      max: 2\n"))
            .hasMessage("horizon.yaml:6: services.shop.instances.max: 2 (expected: >= min, 3)");
        assertThatThrownBy(() -> parse(head + "      command: [x]\n      min: 0\n"))
            .hasMessage("horizon.yaml:5: services.shop.instances.min: 0 (expected: >= 1)");
        assertThatThrownBy(() -> parse(head + "      command: [x]\n      cpu-request: 2 cores\n"))
            .hasMessage("horizon.yaml:5: services.shop.instances.cpu-request: '2 cores' (expected: millicores like "
                + "500m, or cores like 0.5 or 2)");
        assertThatThrownBy(() -> parse(head + "      command: [x]\n      max-unhealthy-replacements: half\n"))
            .hasMessage("horizon.yaml:5: services.shop.instances.max-unhealthy-replacements: 'half' (expected: a "
                + "count like 1, or a percentage of the desired count like 25%)");
        assertThatThrownBy(() -> parse(head + "      command: [x]\n      max-unhealthy-replacements: 0%\n"))
            .hasMessage("horizon.yaml:5: services.shop.instances.max-unhealthy-replacements: 0% (expected: a count "
                + "1..1000 or a percentage 1%..100%)");
        assertThatThrownBy(() -> parse(head + "      command: [x]\n      replicas: 2\n"))
            .hasMessageStartingWith("horizon.yaml:5: unknown key 'replicas' under services.shop.instances (expected: "
                + "command, env, min, max, warmup,");
        assertThatThrownBy(() -> parse(head + "      command: [\"${MISSING}\"]\n"))
            .hasMessage("horizon.yaml:4: services.shop.instances.command[0]: environment variable 'MISSING' is not "
                + "set");
        assertThatThrownBy(() -> parse("services:\n  shop:\n    autoscale: { period: 1s }\n"))
            .hasMessage("horizon.yaml:3: services.shop.autoscale: needs an 'instances' block: only instances Horizon "
                + "runs can be scaled");
    }
}
