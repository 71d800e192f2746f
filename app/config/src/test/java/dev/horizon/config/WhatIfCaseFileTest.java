package dev.horizon.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.horizon.autoscale.InstanceSample;
import dev.horizon.autoscale.MetricReading;
import dev.horizon.autoscale.Strategy;
import dev.horizon.autoscale.VerticalPolicy;
import dev.horizon.sizing.Cpu;
import dev.horizon.sizing.Memory;
import dev.horizon.sizing.Resources;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A what-if case's {@code strategy}, {@code vertical}, {@code resources} and {@code machine}, read on a machine of 2
 * cores and 8 GiB ({@link SizingTest#MACHINE}) unless the case gives its own.
 */
class WhatIfCaseFileTest {

    /** A case of one instance at 460m of CPU; the test's lines follow from line 4 on. */
    private static final String HEAD = """
        current: 1
        metric: { type: cpu, target-utilization: 70 }
        instances: [ { usage: 460m } ]
        """;
    private static final String HARDWARE_LIMIT =
        " (the hardware limit: a bigger size needs a bigger machine, or more instances)";

    private static WhatIfCase read(String lines) {
        return WhatIfCaseFile.parse(HEAD + lines, "case.yaml", SizingTest.MACHINE);
    }

    @Test
    void aCaseWithoutStrategyIsHorizontalAndUnsized() {
        WhatIfCase c = WhatIfCaseFile.parse(HEAD.replace("usage: 460m", "usage: 460m, request: 500m"), "case.yaml",
            SizingTest.MACHINE);

        assertThat(c.strategy()).isEqualTo(Strategy.HORIZONTAL);
        assertThat(c.vertical()).isNull();
        assertThat(c.size()).isEqualTo(Resources.UNLIMITED);
    }

    @Test
    void everyVerticalKeyIsReadAsInHorizonYaml() {
        WhatIfCase c = read("""
            strategy: vertical-first
            vertical: { min-cpu: 250m, max-cpu: 1500m, min-memory: 256Mi, max-memory: 1Gi, step: 1.5, half-life: 2m }
            resources: { cpu: 500m, memory: 512Mi }
            """);

        assertThat(c.strategy()).isEqualTo(Strategy.VERTICAL_FIRST);
        assertThat(c.size()).isEqualTo(Resources.of("500m", "512Mi"));
        assertThat(c.vertical()).isEqualTo(new VerticalPolicy(Cpu.millicores(250), Cpu.millicores(1500),
            Memory.mebibytes(256), Memory.gibibytes(1), new VerticalPolicy.Factor(1.5), Duration.ofMinutes(2),
            Cpu.millicores(500)));
    }

    @Test
    void withoutVerticalTheBoundsAreTheSizeAndTheMachine() {
        WhatIfCase c = read("""
            strategy: cheapest
            resources: { cpu: 500m }
            """);

        assertThat(c.vertical()).isEqualTo(new VerticalPolicy(Cpu.millicores(500), Cpu.millicores(2000), null, null,
            new VerticalPolicy.Factor(2), VerticalPolicy.DEFAULT_HALF_LIFE, Cpu.millicores(500)));
    }

    @Test
    void aMachineInTheCaseReplacesThisOne() {
        WhatIfCase c = read("""
            strategy: vertical
            vertical: { max-cpu: 16 }
            resources: { cpu: 4, memory: 16Gi }
            machine: { cpu: 16, memory: 64Gi }
            """);

        assertThat(c.vertical()).extracting(VerticalPolicy::maxCpu).isEqualTo(Cpu.millicores(16_000));
    }

    @Test
    void theSizesCpuIsTheInstancesRequestWhenTheyGiveNone() {
        WhatIfCase c = read("""
            resources: { cpu: 500m }
            """);

        MetricReading.PerInstance samples = (MetricReading.PerInstance) c.count().reading();
        assertThat(samples.samples()).extracting(InstanceSample::request).containsExactly(500.0);
    }

    static Stream<Arguments> refusals() {
        return Stream.of(
            Arguments.of("strategy: vertical-frist\nresources: { cpu: 500m }\n",
                "case.yaml:4: strategy: 'vertical-frist' (did you mean 'vertical-first'?)"),
            Arguments.of("strategy: vertical-first\n",
                "case.yaml:4: strategy: vertical-first changes the instances' CPU, which has no size to start from "
                    + "(expected: resources: { cpu: 500m } with it)"),
            Arguments.of("strategy: cheapest\nresources: { memory: 512Mi }\n",
                "case.yaml:4: strategy: cheapest changes the instances' CPU, which has no size to start from "
                    + "(expected: resources: { cpu: 500m } with it)"),
            Arguments.of("resources: { cpu: 500m }\nvertical: { max-cpu: 1 }\n",
                "case.yaml:5: vertical: set with strategy horizontal, which never changes the size (expected: "
                    + "strategy vertical, vertical-first, horizontal-first or cheapest)"),
            Arguments.of("strategy: vertical\nresources: { cpu: 500m }\nvertical: { max-cpus: 1 }\n",
                "case.yaml:6: unknown key 'max-cpus' under vertical (did you mean 'max-cpu'?)"),
            Arguments.of("strategy: vertical\nresources: { cpu: 500m }\nvertical: { max-cpu: 4 }\n",
                "case.yaml:6: vertical.max-cpu: cpu 4000m is more than this machine's 2000m" + HARDWARE_LIMIT),
            Arguments.of("strategy: vertical\nresources: { cpu: 500m }\nvertical: { min-cpu: 1 }\n",
                "case.yaml:6: vertical.min-cpu: 1000m is more than the instances' cpu 500m (expected: at most the "
                    + "size they start with)"),
            Arguments.of("strategy: vertical\nresources: { cpu: 500m }\nvertical: { step: 1 }\n",
                "case.yaml:6: vertical.step: '1' (expected: a factor > 1 like 2, or next-size)"),
            Arguments.of("resources: { cpu: 3 }\n",
                "case.yaml:4: resources: cpu 3000m is more than this machine's 2000m" + HARDWARE_LIMIT),
            Arguments.of("resources: {}\n",
                "case.yaml:4: resources: empty (expected: cpu, memory or both, like { cpu: 500m, memory: 512Mi "
                    + "})"),
            Arguments.of("machine: { memory: 64Gi }\n", "case.yaml:4: machine: missing key 'cpu'"),
            Arguments.of("machine: { cpu: lots }\n",
                "case.yaml:4: machine.cpu: 'lots' (expected: CPU like 250m, 500m, 1, 1.5 — millicores with m, or "
                    + "cores)"));
    }

    @ParameterizedTest
    @MethodSource("refusals")
    void refusesABadSizeWithItsLine(String lines, String message) {
        assertThatThrownBy(() -> read(lines)).isInstanceOf(ConfigException.class).hasMessage(message);
    }
}
