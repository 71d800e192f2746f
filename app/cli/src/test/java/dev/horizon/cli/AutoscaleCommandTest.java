package dev.horizon.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code horizon autoscale what-if}: the files under examples/what-if, each a case of the Kubernetes HPA's
 * {@code replica_calculator_test.go} or a rule of its {@code horizontal.go} (the file's first comment names which).
 */
class AutoscaleCommandTest {

    private static final Path EXAMPLES = Path.of("..", "..", "examples", "what-if");

    @TempDir
    Path dir;

    /** The exit code, what was printed and what was printed as an error. */
    private record Run(int code, String out, String err) {
    }

    private static Run horizon(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Horizon.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Run(code, out.toString(), err.toString());
    }

    static Stream<Arguments> publicCases() {
        return Stream.of(
            Arguments.of("average-value-up.yaml",
                "{\"desired\": 4, \"raw\": 4, \"reason\": \"inflight averaged 20.0 per ready instance against a "
                    + "target of 15 (ratio 1.33) × 3 ready → 4\"}"),
            Arguments.of("custom-metric-average-up.yaml",
                "{\"desired\": 4, \"raw\": 4, \"reason\": \"qps averaged 20.0 per ready instance against a "
                    + "target of 15 (ratio 1.33) × 3 ready → 4\"}"),
            Arguments.of("cpu-missing-no-change-eq.yaml",
                "{\"desired\": 2, \"raw\": 2, \"utilization\": 100, \"reason\": \"cpu at 100% of requests "
                    + "against a target of 100% (ratio 1.00); with 1 missing sample left out the ratio would be 1.00, "
                    + "within tolerance → stays 2\"}"),
            Arguments.of("cpu-unready-by-age.yaml",
                "{\"desired\": 5, \"raw\": 5, \"utilization\": 50, \"reason\": \"cpu at 50% of requests "
                    + "against a target of 30% (ratio 1.67); with 1 unready instance at 0 the ratio is 1.23 × 4 → 5"
                    + "\"}"),
            Arguments.of("cpu-one-unready.yaml",
                "{\"desired\": 4, \"raw\": 4, \"utilization\": 60, \"reason\": \"cpu at 60% of requests against "
                    + "a target of 30% (ratio 2.00); with 1 unready instance at 0 the ratio is 1.33 × 3 → 4\"}"),
            Arguments.of("cpu-scale-down-two-unready.yaml",
                "{\"desired\": 2, \"raw\": 2, \"utilization\": 30, \"reason\": \"cpu at 30% of requests against "
                    + "a target of 50% (ratio 0.60) × 3 ready → 2\"}"),
            Arguments.of("cpu-scale-down.yaml",
                "{\"desired\": 3, \"raw\": 3, \"utilization\": 28, \"reason\": \"cpu at 28% of requests against "
                    + "a target of 50% (ratio 0.56) × 5 ready → 3\"}"),
            Arguments.of("cpu-scale-up.yaml",
                "{\"desired\": 5, \"raw\": 5, \"utilization\": 50, \"reason\": \"cpu at 50% of requests against "
                    + "a target of 30% (ratio 1.67) × 3 ready → 5\"}"),
            Arguments.of("cpu-unready-ignored.yaml",
                "{\"desired\": 3, \"raw\": 3, \"utilization\": 40, \"reason\": \"cpu at 40% of requests against "
                    + "a target of 30% (ratio 1.33); with 2 unready instances at 0 the ratio would be 0.43, the other "
                    + "way → stays 3\"}"),
            Arguments.of("rate-limit-default-up.yaml",
                "{\"desired\": 20, \"raw\": 50, \"reason\": \"raw recommendation 50; scale-up limit max(+4, +100 "
                    + "%) per 15s allowed 20\"}"),
            Arguments.of("rate-limit-down-select-max.yaml",
                "{\"desired\": 80, \"raw\": 2, \"reason\": \"raw recommendation 2; scale-down limit max(-20, -1 "
                    + "%) per 60s allowed 80\"}"),
            Arguments.of("rate-limit-instances-up.yaml",
                "{\"desired\": 40, \"raw\": 50, \"reason\": \"raw recommendation 50; scale-up limit +30 per 60s "
                    + "allowed 40\"}"),
            Arguments.of("rate-limit-percent-up.yaml",
                "{\"desired\": 30, \"raw\": 50, \"reason\": \"raw recommendation 50; scale-up limit +200 % per "
                    + "60s allowed 30\"}"),
            Arguments.of("stabilization-down.yaml",
                "{\"desired\": 5, \"raw\": 3, \"reason\": \"raw recommendation 3; scale-down stabilization over "
                    + "180s held 5 (the highest recommendation in the window)\"}"),
            Arguments.of("stabilization-up.yaml",
                "{\"desired\": 4, \"raw\": 7, \"reason\": \"raw recommendation 7; scale-up stabilization over "
                    + "300s allowed 4 (the lowest recommendation in the window)\"}"),
            Arguments.of("tolerance.yaml",
                "{\"desired\": 3, \"raw\": 3, \"utilization\": 102, \"reason\": \"cpu at 102% of requests "
                    + "against a target of 100% (ratio 1.02) is within tolerance → stays 3\"}"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("publicCases")
    void printsTheOutcomeOfEachPublicCase(String file, String json) {
        Run run = horizon("autoscale", "what-if", "--file", EXAMPLES.resolve(file).toString());

        assertThat(run.err()).isEmpty();
        assertThat(run.out()).isEqualTo(json + "\n");
        assertThat(run.code()).isZero();
    }

    @Test
    void everyExampleIsTested() throws IOException {
        try (Stream<Path> files = Files.list(EXAMPLES)) {
            List<String> names = files.map(p -> p.getFileName().toString()).sorted().toList();
            assertThat(names).containsExactlyInAnyOrderElementsOf(publicCases().map(a -> (String) a.get()[0]).toList());
        }
    }

    /** Case files the case format refuses: their keys and types. */
    static Stream<Arguments> badCases() {
        return Stream.of(
            Arguments.of("""
                current: 3
                metric: { type: cpu, target-utilization: 30 }
                instances:
                  - { usage: 0.6 }
                """,
                "case.yaml:4: instances[0]: missing key 'request'"),
            Arguments.of("""
                current: 3
                metric: { type: cpuu, target-utilization: 30 }
                """,
                "case.yaml:2: metric.type: 'cpuu' (did you mean 'cpu'?)"),
            Arguments.of("""
                current: 3
                metric: { type: inflight, target: 0 }
                value: 3
                """,
                "case.yaml:2: metric.target: '0' (expected: a positive number)"),
            Arguments.of("""
                current: 3
                metric: { type: inflight, target: 10 }
                """,
                "case.yaml:1: missing key 'instances' or 'value'"),
            Arguments.of("""
                current: 3
                raw: 5
                tolerance: -0.1
                """,
                "case.yaml:3: tolerance: -0.1 (expected: 0..1)"),
            Arguments.of("""
                current: 3
                raw: 5
                tolerance: { scale-up: 2 }
                """,
                "case.yaml:3: tolerance.scale-up: 2.0 (expected: 0..1)"),
            Arguments.of("""
                current: 3
                raw: 5
                behavior:
                  scale-up: { policies: [ { percent: 0 } ] }
                """,
                "case.yaml:4: behavior.scale-up.policies[0].percent: 0 (expected: >= 1)"),
            Arguments.of("""
                current: 3
                raw: 5
                behavior:
                  scale-down: { stabilization: 2h }
                """,
                "case.yaml:4: behavior.scale-down.stabilization: '2h' (expected: 0s..1h)"));
    }

    /** More refused case files: their values. */
    static Stream<Arguments> moreBadCases() {
        return Stream.of(
            Arguments.of("""
                current: 3
                raw: 5
                behavior:
                  scale-down: { select: most }
                """,
                "case.yaml:4: behavior.scale-down.select: 'most' (expected: max, min or disabled)"),
            Arguments.of("""
                current: 3
                raw: 5
                history:
                  - { age: 1m, recomendation: 4 }
                """,
                "case.yaml:4: unknown key 'recomendation' under history[0] (did you mean 'recommendation'?)"),
            Arguments.of("""
                current: -1
                raw: 5
                """,
                "case.yaml:1: current: -1 (expected: >= 0)"),
            Arguments.of("""
                current: 3
                raw: 5
                max: 0
                """,
                "case.yaml:3: max: 0 (expected: >= 1)"),
            Arguments.of("""
                current: 3
                raw: [5
                """,
                "case.yaml:3: YAML syntax error: expected ',' or ']', but got <stream end>"),
            Arguments.of("""
                current: 3
                metric: { type: qps, target-average: 15 }
                instances:
                  - { value: 20, missing: true }
                """,
                "case.yaml:4: instances[0].value: set with missing: true (expected: one of value, missing)"),
            Arguments.of("""
                current: 3
                metric: { type: qps, target-average: 15, target-value: 2 }
                value: 4
                """,
                "case.yaml:2: metric.target-value: set with target-average (expected: one of target-average, "
                    + "target-value)"),
            Arguments.of("""
                current: 3
                """,
                "case.yaml:1: missing key 'metric' (expected: a metric, or a raw recommendation)"));
    }

    @ParameterizedTest
    @MethodSource({"badCases", "moreBadCases"})
    void refusesABadCaseWithOneLineAndExitCode2(String yaml, String message) throws IOException {
        Path file = dir.resolve("case.yaml");
        Files.writeString(file, yaml);

        Run run = horizon("autoscale", "what-if", "--file", file.toString());

        assertThat(run.code()).isEqualTo(2);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).isEqualTo("horizon autoscale what-if: " + dir + "/" + message + "\n");
    }

    /** One instance of 500m on a machine of 2 cores, whatever this one is; its usage and strategy follow. */
    private static final String SIZED = """
        current: 1
        max: 4
        vertical: { min-cpu: 250m, max-cpu: 2000m, step: 2 }
        resources: { cpu: 500m, memory: 512Mi }
        machine: { cpu: 2, memory: 8Gi }
        metric: { type: cpu, target-utilization: 70 }
        """;

    private Run whatIf(String yaml, String... options) throws IOException {
        Path file = dir.resolve("case.yaml");
        Files.writeString(file, yaml);
        return horizon(Stream.concat(Stream.of("autoscale", "what-if", "--file", file.toString()),
            Stream.of(options)).toArray(String[]::new));
    }

    /**
     * Sized cases: vertical-first grows one instance of 500m to 1000m rather than adding one; cheapest goes from
     * 1 × 500m straight to 3 × 2000m (6 cores, less than 4 × 2000m; 5 × 1000m is past max 4).
     */
    static Stream<Arguments> sizedCases() {
        return Stream.of(
            Arguments.of("strategy: vertical-first\ninstances: [ { usage: 460m } ]\n",
                "\"desired\": 1, \"raw\": 1, \"utilization\": 92, \"sizeBefore\": \"500m/512Mi\", \"size\": "
                    + "\"1000m/512Mi\"",
                "resized 500m → 1000m",
                "cpu at 92% of requests against a target of 70% (ratio 1.31) × 1 ready → 2; needs 658m of CPU at the "
                    + "target, 1 × 500m give 500m; max-cpu 2000m not reached, so bigger before more"),
            Arguments.of("strategy: cheapest\ninstances: [ { usage: 3000m } ]\n",
                "\"desired\": 3, \"raw\": 3, \"utilization\": 600, \"sizeBefore\": \"500m/512Mi\", \"size\": "
                    + "\"2000m/512Mi\"",
                "resized 500m → 2000m and scaled 1 → 3",
                "cpu at 600% of requests against a target of 70% (ratio 8.57) × 1 ready → 9; needs 4286m of CPU at "
                    + "the target, 1 × 500m give 500m; the cheapest pair that gives it: 3 × 2000m at 6 cores "
                    + "per hour"));
    }

    @ParameterizedTest
    @MethodSource("sizedCases")
    void printsBothDimensionsAsJsonAndInWords(String lines, String fields, String what, String reason)
            throws IOException {
        Run json = whatIf(SIZED + lines);
        Run text = whatIf(SIZED + lines, "--text");

        assertThat(json.out()).isEqualTo("{" + fields + ", \"reason\": \"" + reason + "\"}\n");
        assertThat(text.out()).isEqualTo(what + ": " + reason + "\n");
        assertThat(List.of(json.code(), text.code(), json.err().length() + text.err().length()))
            .containsExactly(0, 0, 0);
    }

    @Test
    void aVerticalFirstCaseAtMaxCpuAddsInstances() throws IOException {
        Run text = whatIf(SIZED.replace("cpu: 500m,", "cpu: 2000m,") + "strategy: vertical-first\n"
            + "instances: [ { usage: 2000m } ]\n", "--text");

        assertThat(text.out()).isEqualTo("scaled 1 → 2: cpu at 100% of requests against a target of 70% "
            + "(ratio 1.43) × 1 ready → 2; needs 2858m of CPU at the target, 1 × 2000m give 2000m; size at max-cpu "
            + "2000m, so more\n");
    }

    @Test
    void aCaseWithoutStrategyPrintsTheCountInWords() {
        Run run = horizon("autoscale", "what-if", "--file", EXAMPLES.resolve("cpu-scale-up.yaml").toString(), "--text");

        assertThat(run.out()).isEqualTo("scaled 3 → 5: cpu at 50% of requests against a target of 30% (ratio 1.67) × 3 "
            + "ready → 5\n");
        assertThat(run.code()).isZero();
    }

    @Test
    void aStrategyWithoutASizeIsRefusedAtItsLine() throws IOException {
        Run run = whatIf("current: 1\nstrategy: vertical\nraw: 2\n");

        assertThat(run.code()).isEqualTo(2);
        assertThat(run.err()).isEqualTo("horizon autoscale what-if: " + dir + "/case.yaml:2: strategy: vertical "
            + "changes the instances' CPU, which has no size to start from (expected: resources: { cpu: 500m } "
            + "with it)\n");
    }

    @Test
    void missingFileIsAUsageError() {
        Run run = horizon("autoscale", "what-if", "--file", dir.resolve("nope.yaml").toString());

        assertThat(run.code()).isEqualTo(2);
        assertThat(run.err()).isEqualTo("horizon autoscale what-if: " + dir.resolve("nope.yaml")
            + ": cannot read: No such file or directory\n");
    }

    @Test
    void missingOptionIsAUsageError() {
        Run run = horizon("autoscale", "what-if");

        assertThat(run.code()).isEqualTo(2);
        assertThat(run.err()).startsWith("horizon: Missing required option: '--file=<file>'");
    }
}
