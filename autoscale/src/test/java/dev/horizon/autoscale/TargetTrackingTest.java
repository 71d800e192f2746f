package dev.horizon.autoscale;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The replica calculator against cases of the Kubernetes HPA's {@code replica_calculator_test.go}
 * ({@code pkg/controller/podautoscaler}; some with requests and usage scaled) and cases derived from its rules in
 * {@code replica_calculator.go} (expectations computed from the rules by hand).
 */
class TargetTrackingTest {

    private static final MetricSpec CPU_30 = new MetricSpec("cpu", new MetricTarget.Utilization(30));
    private static final MetricSpec CPU_50 = new MetricSpec("cpu", new MetricTarget.Utilization(50));

    /** Samples of CPU usage in cores, each requesting {@code request} cores, all ready. */
    private static List<InstanceSample> cpu(double request, double... usage) {
        List<InstanceSample> samples = new ArrayList<>();
        for (int i = 0; i < usage.length; i++) {
            samples.add(InstanceSample.usage("i" + i, Math.round(usage[i] * 1000), request * 1000));
        }
        return samples;
    }

    private static List<InstanceSample> unready(List<InstanceSample> samples, int... indexes) {
        List<InstanceSample> out = new ArrayList<>(samples);
        for (int i : indexes) {
            out.set(i, out.get(i).withReady(false));
        }
        return out;
    }

    private static Proposal propose(MetricSpec spec, int current, List<InstanceSample> samples) {
        return TargetTracking.propose(spec, MetricReading.of(samples), current, current, Tolerance.DEFAULT);
    }

    @Test
    void cpuScaleUpUsesIntegerUtilization() {
        Proposal p = propose(CPU_30, 3, cpu(2.0, 0.6, 1.0, 1.4));

        assertThat(p.replicas()).isEqualTo(5);
        assertThat(p.utilization()).isEqualTo(50);
        assertThat(p.reason()).isEqualTo("cpu at 50% of requests against a target of 30% (ratio 1.67) × 3 ready → 5");
    }

    @Test
    void cpuScaleUpCountsAnUnreadyInstanceAsZero() {
        Proposal p = propose(CPU_30, 3, unready(cpu(2.0, 0.6, 1.0, 1.4), 0));

        assertThat(p.replicas()).isEqualTo(4);
        assertThat(p.utilization()).isEqualTo(60);
        assertThat(p.reason()).isEqualTo("cpu at 60% of requests against a target of 30% (ratio 2.00); with 1 "
            + "unready instance at 0 the ratio is 1.33 × 3 → 4");
    }

    @Test
    void cpuKeepsCountWhenUnreadyInstancesTurnTheRatioAround() {
        Proposal p = propose(CPU_30, 3, unready(cpu(2.0, 0.8, 1.0, 1.4), 1, 2));

        assertThat(p.replicas()).isEqualTo(3);
        assertThat(p.utilization()).isEqualTo(40);
        assertThat(p.reason())
            .endsWith("with 2 unready instances at 0 the ratio would be 0.43, the other way → stays 3");
    }

    @Test
    void cpuScaleDown() {
        Proposal p = propose(CPU_50, 5, cpu(2.0, 0.2, 0.6, 1.0, 0.5, 0.5));

        assertThat(p.replicas()).isEqualTo(3);
        assertThat(p.utilization()).isEqualTo(28);
    }

    @Test
    void cpuScaleDownDropsUnreadyInstances() {
        Proposal p = propose(CPU_50, 5, unready(cpu(2.0, 0.2, 0.6, 1.0, 0.5, 0.5), 3, 4));

        assertThat(p.replicas()).isEqualTo(2);
        assertThat(p.utilization()).isEqualTo(30);
    }

    @Test
    void withinToleranceKeepsTheCount() {
        List<InstanceSample> samples = List.of(InstanceSample.usage("a", 2020, 1800),
            InstanceSample.usage("b", 2060, 2000), InstanceSample.usage("c", 2040, 2200));

        Proposal p = propose(new MetricSpec("cpu", new MetricTarget.Utilization(100)), 3, samples);

        assertThat(p.replicas()).isEqualTo(3);
        assertThat(p.utilization()).isEqualTo(102);
        assertThat(p.reason()).isEqualTo("cpu at 102% of requests against a target of 100% (ratio 1.02) is within "
            + "tolerance → stays 3");
    }

    @Test
    void averageValueScaleUp() {
        Proposal p = propose(new MetricSpec("inflight", new MetricTarget.AverageValue(15)), 3,
            List.of(InstanceSample.of("a", 20), InstanceSample.of("b", 10), InstanceSample.of("c", 30)));

        assertThat(p.replicas()).isEqualTo(4);
        assertThat(p.utilization()).isNull();
        assertThat(p.observed()).isEqualTo(20.0);
        assertThat(p.reason()).isEqualTo("inflight averaged 20.0 per ready instance against a target of 15 (ratio 1.33)"
            + " × 3 ready → 4");
    }

    // Derived from TestReplicaCalcScaleUpCMUnreadyHotCpuNoLessScale: readiness does not matter for non-CPU metrics.
    @Test
    void nonCpuMetricCountsRunningUnreadyInstancesAsReady() {
        List<InstanceSample> samples = List.of(InstanceSample.of("a", 50).withReady(false), InstanceSample.of("b", 10),
            InstanceSample.of("c", 30).withReady(false));

        Proposal p = propose(new MetricSpec("qps", new MetricTarget.AverageValue(15)), 3, samples);

        assertThat(p.replicas()).isEqualTo(6);
    }

    // groupPods puts pending pods with the unready ones before it looks at the metric type.
    @Test
    void pendingInstanceIsUnreadyForEveryMetric() {
        List<InstanceSample> samples = List.of(InstanceSample.of("a", 30).inPhase(Phase.PENDING),
            InstanceSample.of("b", 30), InstanceSample.of("c", 30));

        Proposal p = propose(new MetricSpec("qps", new MetricTarget.AverageValue(15)), 3, samples);

        // ratio 2 on b, c; with a at 0: 60/3 = 20 → ratio 1.33 × 3 → 4
        assertThat(p.replicas()).isEqualTo(4);
    }

    // Derived from TestReplicaCalcMissingMetricsScaleDown-style cases: missing samples count as the target.
    @Test
    void missingSamplesCountAsTheTargetOnScaleDown() {
        List<InstanceSample> samples = new ArrayList<>(cpu(1.0, 0.1, 0.1, 0.1, 0.1));
        samples.set(3, samples.get(3).missing());

        Proposal p = propose(CPU_50, 4, samples);

        // ready: 300/3000 = 10% → ratio 0.2; the missing one at max(100, 50)% = 1000: 1300/4000 = 32% → 0.64 × 4 → 3
        assertThat(p.replicas()).isEqualTo(3);
        assertThat(p.utilization()).isEqualTo(10);
    }

    @Test
    void missingSamplesCountAsZeroOnScaleUp() {
        List<InstanceSample> samples = new ArrayList<>(cpu(1.0, 0.9, 0.9, 0.9, 0.9));
        samples.set(3, samples.get(3).missing());

        Proposal p = propose(CPU_50, 4, samples);

        // ready: 2700/3000 = 90% → 1.8; the missing at 0: 2700/4000 = 67% → 1.34 × 4 → 6
        assertThat(p.replicas()).isEqualTo(6);
    }

    // A ratio of exactly 1 neither raises nor lowers missing samples (the HPA's `if usageRatio < 1.0 … else if > 1.0`).
    @Test
    void missingSamplesAtARatioOfExactlyOneAreLeftOutAndTheReasonSaysSo() {
        List<InstanceSample> samples = new ArrayList<>(cpu(1.0, 0.5, 0.5, 0.5, 0.5));
        samples.set(3, samples.get(3).missing());

        Proposal p = propose(CPU_50, 4, samples);

        assertThat(p.replicas()).isEqualTo(4);
        assertThat(p.reason()).contains("(ratio 1.00); with 1 missing sample left out the ratio ")
            .doesNotContain("with  the");
    }

    // Derived from TestReplicaCalcMissingMetricsNoChangeGt: missing samples pull the ratio back inside tolerance.
    @Test
    void missingSamplesThatPullTheRatioInsideToleranceKeepTheCount() {
        List<InstanceSample> samples = new ArrayList<>(cpu(1.0, 1.1, 1.1, 1.1, 0.0));
        samples.set(3, samples.get(3).missing());

        // ready: 3300/3000 = 110% against 90 → ratio 1.22; the missing one at 0: 3300/4000 = 82% → ratio 0.91, which
        // crosses 1 → stays
        Proposal p = propose(new MetricSpec("cpu", new MetricTarget.Utilization(90)), 4, samples);

        assertThat(p.replicas()).isEqualTo(4);
    }

    @Test
    void failedAndTerminatingInstancesAreIgnored() {
        List<InstanceSample> samples = new ArrayList<>(cpu(2.0, 0.6, 1.0, 1.4, 2.0, 2.0));
        samples.set(3, samples.get(3).inPhase(Phase.FAILED));
        samples.set(4, samples.get(4).inPhase(Phase.TERMINATING));

        assertThat(propose(CPU_30, 3, samples).replicas()).isEqualTo(5);
    }

    @Test
    void warmingInstancesStayOutOfTheAverage() {
        List<InstanceSample> samples = List.of(InstanceSample.of("a", 40), InstanceSample.of("b", 40),
            InstanceSample.of("c", 200).asWarming());

        Proposal p = propose(new MetricSpec("inflight", new MetricTarget.AverageValue(20)), 3, samples);

        // ready average 40 → ratio 2; the warming one at 0: 80/3 = 26.666 → ratio 1.33 × 3 → 4
        assertThat(p.replicas()).isEqualTo(4);
        assertThat(p.observed()).isEqualTo(40.0);
    }

    @Test
    void valueTargetScalesTheReadyCount() {
        Proposal p = TargetTracking.propose(new MetricSpec("latency-p95", new MetricTarget.Value(250)),
            MetricReading.single(500), 4, 4, Tolerance.DEFAULT);

        assertThat(p.replicas()).isEqualTo(8);
        assertThat(p.reason()).isEqualTo("latency-p95 at 500 against a target of 250 (ratio 2.00) × 4 ready → 8");
    }

    @Test
    void valueTargetCountsOnlyReadyInstances() {
        Proposal p = TargetTracking.propose(new MetricSpec("latency-p95", new MetricTarget.Value(250)),
            MetricReading.single(375), 6, 4, Tolerance.DEFAULT);

        assertThat(p.replicas()).isEqualTo(6);
    }

    @Test
    void externalAverageValueDividesTheTotalByTheTarget() {
        MetricSpec queue = new MetricSpec("queue", new MetricTarget.AverageValue(10));

        assertThat(TargetTracking.propose(queue, MetricReading.single(125), 5, 5, Tolerance.DEFAULT).replicas())
            .isEqualTo(13);
        assertThat(TargetTracking.propose(queue, MetricReading.single(52), 5, 5, Tolerance.DEFAULT).replicas())
            .isEqualTo(5);
        assertThat(TargetTracking.propose(queue, MetricReading.single(52), 5, 5, Tolerance.DEFAULT).ratio())
            .isEqualTo(1.04);
    }

    @Test
    void perDirectionTolerance() {
        MetricSpec inflight = new MetricSpec("inflight", new MetricTarget.AverageValue(10));
        List<InstanceSample> high = List.of(InstanceSample.of("a", 12), InstanceSample.of("b", 12));
        List<InstanceSample> low = List.of(InstanceSample.of("a", 8), InstanceSample.of("b", 8));
        Tolerance t = new Tolerance(0.25, 0.1);

        assertThat(TargetTracking.propose(inflight, MetricReading.of(high), 2, 2, t).replicas()).isEqualTo(2);
        assertThat(TargetTracking.propose(inflight, MetricReading.of(low), 2, 2, t).replicas()).isEqualTo(2);
        List<InstanceSample> lower = List.of(InstanceSample.of("a", 5), InstanceSample.of("b", 5));
        assertThat(TargetTracking.propose(inflight, MetricReading.of(lower), 2, 2, t).replicas()).isEqualTo(1);
    }

    @Test
    void metricWithoutReadySamplesFails() {
        Proposal p = propose(CPU_30, 2, unready(cpu(1.0, 0.5, 0.5), 0, 1));

        assertThat(p.isEmpty()).isTrue();
        assertThat(p.reason()).isEqualTo("cpu: no ready instance reported a sample");
    }

    @Test
    void utilizationNeedsARequest() {
        Proposal p = propose(CPU_30, 1, List.of(InstanceSample.usage("a", 100, 0)));

        assertThat(p.reason()).isEqualTo("cpu: instance a has no request");
    }
}
