package dev.horizon.autoscale;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The cases of the HPA's {@code replica_calculator_test.go}, named as there, with its inputs and expected counts.
 * Pods are written as letters: R running and ready, U running but unready, P pending, F failed, D being deleted;
 * a pod past the end of {@code levels} reported no sample. Levels and targets are in milli-units as in the HPA.
 */
class HpaReplicaCalculatorCasesTest {

    private static Arguments cpu(String name, int current, int expected, int utilization, int target, String pods,
                                 long... levels) {
        return Arguments.of(name, current, expected, utilization, new MetricSpec("cpu",
            new MetricTarget.Utilization(target)), samples(pods, levels, 1000));
    }

    private static Arguments pods(String name, int current, int expected, double target, String pods,
                                  long... levels) {
        return Arguments.of(name, current, expected, null,
            new MetricSpec("qps", new MetricTarget.AverageValue(target / 1000)), samples(pods, levels, 0));
    }

    private static MetricReading samples(String pods, long[] levels, double request) {
        List<InstanceSample> samples = new ArrayList<>();
        for (int i = 0; i < pods.length(); i++) {
            Phase phase = switch (pods.charAt(i)) {
                case 'P' -> Phase.PENDING;
                case 'F' -> Phase.FAILED;
                case 'D' -> Phase.TERMINATING;
                default -> Phase.RUNNING;
            };
            boolean ready = pods.charAt(i) == 'R';
            Double value = i < levels.length ? (request > 0 ? levels[i] : levels[i] / 1000.0) : null;
            samples.add(new InstanceSample("pod-" + i, phase, ready, false, value, request));
        }
        return MetricReading.of(samples);
    }

    static Stream<Arguments> cases() {
        return Stream.of(
            cpu("ScaleUp", 3, 5, 50, 30, "RRR", 300, 500, 700),
            cpu("ScaleUpUnreadyLessScale", 3, 4, 60, 30, "URR", 300, 500, 700),
            cpu("ScaleUpUnreadyNoScale", 3, 3, 40, 30, "RUU", 400, 500, 700),
            cpu("ScaleUpIgnoresFailedPods", 2, 4, 60, 30, "RRFF", 500, 700),
            cpu("ScaleUpIgnoresDeletionPods", 2, 4, 60, 30, "RRDD", 500, 700),
            cpu("ScaleDown", 5, 3, 28, 50, "RRRRR", 100, 300, 500, 250, 250),
            cpu("ScaleDownIncludeUnreadyPods", 5, 2, 30, 50, "RRRUU", 100, 300, 500, 250, 250),
            cpu("ScaleDownExcludeUnscheduledPods", 5, 1, 10, 50, "RPPPP", 100),
            cpu("ScaleDownIgnoresFailedPods", 5, 3, 28, 50, "RRRRRFF", 100, 300, 500, 250, 250),
            cpu("ScaleDownIgnoresDeletionPods", 5, 3, 28, 50, "RRRRRDD", 100, 300, 500, 250, 250),
            cpu("SuperfluousMetrics", 4, 24, 587, 100, "RRRR", 4000, 9500, 3000, 7000),
            cpu("MissingMetrics", 4, 3, 24, 100, "RRRR", 400, 95),
            cpu("MissingMetricsNoChangeEq", 2, 2, 100, 100, "RR", 1000),
            cpu("MissingMetricsNoChangeGt", 2, 2, 190, 100, "RR", 1900),
            cpu("MissingMetricsNoChangeLt", 2, 2, 60, 100, "RR", 600),
            cpu("MissingMetricsUnreadyChange", 3, 3, 45, 50, "URR", 100, 450),
            cpu("MissingMetricsUnreadyScaleUp", 3, 4, 200, 50, "URR", 100, 2000),
            cpu("MissingMetricsUnreadyScaleDown", 4, 3, 10, 50, "URRR", 100, 100, 100),
            cpu("DuringRollingUpdateWithMaxSurge", 2, 2, 10, 50, "RRR", 100, 100),
            pods("ScaleUpCM", 3, 4, 15000, "RRR", 20000, 10000, 30000),
            pods("ScaleUpCMUnreadyHotCpuNoLessScale", 3, 6, 15000, "RRU", 50000, 10000, 30000),
            pods("ScaleUpCMUnreadyHotCpuScaleWouldScaleDown", 3, 7, 15000, "URU", 50000, 15000, 30000),
            pods("ScaleDownCM", 5, 3, 20000, "RRRRR", 12000, 12000, 12000, 12000, 12000),
            pods("ToleranceCM", 3, 3, 20000, "RRR", 20000, 21000, 21000));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void matchesTheHpa(String name, int current, int expected, @Nullable Integer utilization, MetricSpec spec,
                       MetricReading reading) {
        Proposal p = TargetTracking.propose(spec, reading, current, current, Tolerance.DEFAULT);

        assertThat(p.replicas()).as(p.reason()).isEqualTo(expected);
        assertThat(p.utilization()).isEqualTo(utilization);
    }

    static Stream<Arguments> singleValues() {
        MetricSpec value4400 = new MetricSpec("qps", new MetricTarget.Value(4.4));
        return Stream.of(
            // name, spec, value, current, ready, expected
            Arguments.of("ScaleUpCMObject", new MetricSpec("qps", new MetricTarget.Value(15)), 20.0, 3,
                3, 4),
            Arguments.of("ScaleUpCMObjectIgnoresUnreadyPods", new MetricSpec("qps", new MetricTarget.Value(10)), 50.0,
                3, 1, 5),
            Arguments.of("ScaleUpCMExternalIgnoresUnreadyPods", value4400, 8.6, 3, 1, 2),
            Arguments.of("ScaleDownCMExternal", new MetricSpec("qps", new MetricTarget.Value(14.334)), 8.6, 5, 5, 3),
            Arguments.of("ToleranceCMExternal", new MetricSpec("qps", new MetricTarget.Value(8.888)), 8.6, 3, 3, 3),
            Arguments.of("ScaleUpPerPodCMExternal", new MetricSpec("qps", new MetricTarget.AverageValue(2.15)), 8.6,
                3, 3, 4),
            Arguments.of("ScaleDownPerPodCMExternal", new MetricSpec("qps", new MetricTarget.AverageValue(2.867)),
                8.6, 5, 5, 3),
            Arguments.of("TolerancePerPodCMExternal", new MetricSpec("qps", new MetricTarget.AverageValue(2.9)), 8.6,
                3, 3, 3),
            Arguments.of("TolerancePerPodCMObject", new MetricSpec("qps", new MetricTarget.AverageValue(5)), 20.166,
                4, 4, 4));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("singleValues")
    void matchesTheHpaOnServiceWideValues(String name, MetricSpec spec, double value, int current, int ready,
                                          int expected) {
        Proposal p = TargetTracking.propose(spec, MetricReading.single(value), current, ready, Tolerance.DEFAULT);

        assertThat(p.replicas()).as(p.reason()).isEqualTo(expected);
    }
}
