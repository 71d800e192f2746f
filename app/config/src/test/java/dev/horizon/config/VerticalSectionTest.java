package dev.horizon.config;

import static dev.horizon.config.SizingTest.parse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.horizon.autoscale.Strategy;
import dev.horizon.autoscale.VerticalPolicy;
import dev.horizon.sizing.Cpu;
import dev.horizon.sizing.Memory;
import dev.horizon.sizing.Size;
import java.time.Duration;
import java.util.Objects;
import org.junit.jupiter.api.Test;

/** {@code autoscale.strategy} and {@code autoscale.vertical}, for instances of 500m and 512Mi on 2 cores and 8 GiB. */
class VerticalSectionTest {

    /** The service up to its {@code autoscale} block's metrics; lines 8 on are the test's. */
    private static final String HEAD = """
        services:
          shop:
            instances:
              command: [x]
              resources: { cpu: 500m, memory: 512Mi }
            autoscale:
              metrics: [ { type: cpu, target-utilization: 70 } ]
        """;
    private static final String HARDWARE_LIMIT =
        " (the hardware limit: a bigger size needs a bigger machine, or more instances)";

    private static AutoscaleConfig autoscale(String yaml) {
        return Objects.requireNonNull(Objects.requireNonNull(parse(yaml).managed().get("shop")).autoscale());
    }

    private static String lines(String lines) {
        return HEAD + lines.indent(6);
    }

    @Test
    void withoutAStrategyScalingIsHorizontalWithNoVerticalPolicy() {
        AutoscaleConfig a = autoscale(HEAD);

        assertThat(a.strategy()).isEqualTo(Strategy.HORIZONTAL);
        assertThat(a.vertical()).isNull();
    }

    @Test
    void everyVerticalKeyIsRead() {
        AutoscaleConfig a = autoscale(lines("""
            strategy: vertical-first
            vertical: { min-cpu: 250m, max-cpu: 1500m, min-memory: 256Mi, max-memory: 1Gi, step: 1.5, half-life: 2m }
            """));

        assertThat(a.strategy()).isEqualTo(Strategy.VERTICAL_FIRST);
        assertThat(a.vertical()).isEqualTo(new VerticalPolicy(Cpu.millicores(250), Cpu.millicores(1500),
            Memory.mebibytes(256), Memory.gibibytes(1), new VerticalPolicy.Factor(1.5), Duration.ofMinutes(2),
            Cpu.millicores(500)));
    }

    @Test
    void theBoundsDefaultToTheInstancesCpuAndTheMachinesCores() {
        for (Strategy s : new Strategy[] {Strategy.VERTICAL, Strategy.HORIZONTAL_FIRST, Strategy.CHEAPEST}) {
            AutoscaleConfig a = autoscale(lines("strategy: " + s.text() + "\n"));

            assertThat(a.strategy()).isEqualTo(s);
            assertThat(a.vertical()).isEqualTo(new VerticalPolicy(Cpu.millicores(500), Cpu.millicores(2000), null,
                null, new VerticalPolicy.Factor(2), VerticalPolicy.DEFAULT_HALF_LIFE));
        }
    }

    @Test
    void nextSizeStepsThroughTheCatalogueSizesThatFitTheMachine() {
        AutoscaleConfig a = autoscale(lines("strategy: vertical\nvertical:\n  step: next-size\n"));

        VerticalPolicy.Step step = Objects.requireNonNull(a.vertical()).step();
        assertThat(step).isInstanceOf(VerticalPolicy.NextSize.class);
        assertThat(((VerticalPolicy.NextSize) step).catalog().sizes()).extracting(Size::name)
            .containsExactly("t3.micro", "t3.small", "t3.medium", "t3.large", "m6i.large");
    }

    @Test
    void aNamedSizeIsWhereTheCpuStarts() {
        AutoscaleConfig a = autoscale(HEAD.replace("resources: { cpu: 500m, memory: 512Mi }", "size: t3.micro")
            + "  strategy: vertical\n".indent(4));

        assertThat(Objects.requireNonNull(a.vertical()).minCpu()).isEqualTo(Cpu.millicores(2000));
    }

    @Test
    void badStrategiesAreRefusedWithTheChoices() {
        assertThatThrownBy(() -> parse(lines("strategy: diagonal\n")))
            .hasMessage("horizon.yaml:8: services.shop.autoscale.strategy: 'diagonal' (expected: horizontal, "
                + "vertical, vertical-first, horizontal-first or cheapest)");
        assertThatThrownBy(() -> parse(lines("strategy: verticl-first\n")))
            .hasMessage("horizon.yaml:8: services.shop.autoscale.strategy: 'verticl-first' (did you mean "
                + "'vertical-first'?)");
    }

    @Test
    void aVerticalBlockWithoutAVerticalStrategyIsRefused() {
        assertThatThrownBy(() -> parse(lines("vertical: { max-cpu: 1 }\n")))
            .hasMessage("horizon.yaml:8: services.shop.autoscale.vertical: set with strategy horizontal, which never "
                + "changes the size (expected: strategy vertical, vertical-first, horizontal-first or cheapest)");
    }

    @Test
    void aVerticalStrategyNeedsACpuToStartFrom() {
        String memoryOnly = HEAD.replace("cpu: 500m, memory", "memory") + "  strategy: cheapest\n".indent(4);

        assertThatThrownBy(() -> parse(memoryOnly))
            .hasMessage("horizon.yaml:8: services.shop.autoscale.strategy: cheapest changes the instances' CPU, "
                + "which has no size to start from (expected: instances.resources.cpu or instances.size)");
    }

    @Test
    void boundsPastTheMachineAreRefusedNamingTheCeiling() {
        assertThatThrownBy(() -> parse(lines("strategy: vertical\nvertical: { max-cpu: 3 }\n")))
            .hasMessage("horizon.yaml:9: services.shop.autoscale.vertical.max-cpu: cpu 3000m is more than this "
                + "machine's 2000m" + HARDWARE_LIMIT);
        assertThatThrownBy(() -> parse(lines("strategy: vertical\nvertical: { max-memory: 16Gi }\n")))
            .hasMessage("horizon.yaml:9: services.shop.autoscale.vertical.max-memory: memory 16Gi is more than this "
                + "machine's 8Gi" + HARDWARE_LIMIT);
    }

    @Test
    void boundsMustHoldTheSizeTheInstancesStartWith() {
        assertThatThrownBy(() -> parse(lines("strategy: vertical\nvertical: { min-cpu: 1 }\n")))
            .hasMessage("horizon.yaml:9: services.shop.autoscale.vertical.min-cpu: 1000m is more than the instances' "
                + "cpu 500m (expected: at most the size they start with)");
        assertThatThrownBy(() -> parse(lines("strategy: vertical\nvertical: { max-cpu: 250m }\n")))
            .hasMessage("horizon.yaml:9: services.shop.autoscale.vertical.max-cpu: 250m is less than the instances' "
                + "cpu 500m (expected: at least the size they start with)");
        assertThatThrownBy(() -> parse(lines("strategy: vertical\nvertical: { max-memory: 256Mi }\n")))
            .hasMessage("horizon.yaml:9: services.shop.autoscale.vertical.max-memory: 256Mi is less than the "
                + "instances' memory 512Mi (expected: at least the size they start with)");
    }

    @Test
    void badVerticalValuesAreRefusedAtTheirKey() {
        assertThatThrownBy(() -> parse(lines("strategy: vertical\nvertical: { step: 1 }\n")))
            .hasMessage("horizon.yaml:9: services.shop.autoscale.vertical.step: '1' (expected: a factor > 1 like 2, "
                + "or next-size)");
        assertThatThrownBy(() -> parse(lines("strategy: vertical\nvertical: { step: double }\n")))
            .hasMessage("horizon.yaml:9: services.shop.autoscale.vertical.step: 'double' (expected: a factor > 1 "
                + "like 2, or next-size)");
        assertThatThrownBy(() -> parse(lines("strategy: vertical\nvertical:\n  half-life: 0s\n")))
            .hasMessage("horizon.yaml:10: services.shop.autoscale.vertical.half-life: '0s' (expected: > 0s)");
        assertThatThrownBy(() -> parse(lines("strategy: vertical\nvertical: { min-cpu: 1m }\n")))
            .hasMessage("horizon.yaml:9: services.shop.autoscale.vertical.min-cpu: '1m' (expected: 10m..1024 cores)");
        assertThatThrownBy(() -> parse(lines("strategy: vertical\nvertical: { max-cpus: 1 }\n")))
            .hasMessage("horizon.yaml:9: unknown key 'max-cpus' under services.shop.autoscale.vertical (did you mean "
                + "'max-cpu'?)");
    }
}
