package dev.horizon.sim.engine;

import static dev.horizon.sim.engine.QueueingTest.free;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.horizon.autoscale.InstanceSample;
import dev.horizon.autoscale.MetricReading;
import dev.horizon.autoscale.MetricSpec;
import dev.horizon.autoscale.MetricTarget;
import dev.horizon.autoscale.Phase;
import dev.horizon.autoscale.ScalingPolicy;
import dev.horizon.autoscale.Strategy;
import dev.horizon.autoscale.VerticalPolicy;
import dev.horizon.sim.model.CapacityModel;
import dev.horizon.sim.trace.Trace;
import dev.horizon.sizing.Cpu;
import dev.horizon.sizing.ResizePolicy;
import dev.horizon.sizing.Resources;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The fleet in the simulator: scale-out with its lifecycle, a kill, vertical resizes, and determinism. */
class FleetBehaviourTest {

    private static final MetricSpec CPU_70 = new MetricSpec("cpu", new MetricTarget.Utilization(70));

    /** {@code low} rps for {@code lowFor} seconds, then {@code high} up to {@code seconds}. */
    private static Trace step(double low, int lowFor, double high, int seconds) {
        double[] rates = new double[seconds];
        Arrays.fill(rates, 0, lowFor, low);
        Arrays.fill(rates, lowFor, seconds, high);
        return Trace.of(rates);
    }

    private static List<Simulation.Evaluation> evaluations(Scenario s) {
        List<Simulation.Evaluation> seen = new ArrayList<>();
        Simulation.run(s, new Simulation.Listener() {
            @Override
            public void evaluated(Simulation.Evaluation e) {
                seen.add(e);
            }
        });
        return seen;
    }

    @Test
    void scalesOutWhenLoadRisesAndTheNewInstanceServesOnlyOnceReady() {
        // 10 ms per request on one worker: 100 rps fills an instance; 20 rps, then 200 rps from second 60
        Scenario s = Scenario.builder(step(20, 60, 200, 240), CapacityModel.assumed("shop", 10),
            ScalingPolicy.of(1, 10, CPU_70)).concurrency(1, 1000).seed(3).build();
        List<Simulation.Evaluation> evaluations = evaluations(s);
        Simulation.Evaluation first = evaluations.stream().filter(e -> e.decision().scales()).findFirst()
            .orElseThrow();
        // the CPU reading is the last whole second's: the first second at 200 rps is [60, 61), read at 61
        assertThat(first.time()).isEqualTo(61.0);
        assertThat(first.decision().current()).isEqualTo(1);
        assertThat(first.decision().desired()).isGreaterThan(1);
        Timeline t = Simulation.run(s).timeline();
        int launched = first.decision().desired() - 1;
        // launched at 61, ready 5 s later (Timings.DEFAULT), in service after a 10 s warm-up
        for (int second = 61; second < 66; second++) {
            assertThat(t.row(second).starting()).as("second %d", second).isEqualTo(launched);
            assertThat(t.row(second).ready() + t.row(second).warming()).isEqualTo(1);
        }
        assertThat(t.row(66).warming()).isEqualTo(launched);
        // the new instances' own samples: pending with no value until ready, then running and warming
        String fresh = "i-2";
        for (Simulation.Evaluation e : evaluations.subList(61, 75)) {
            InstanceSample sample = sample(e, "cpu", fresh);
            if (e.time() < 66) {
                assertThat(sample.phase()).isEqualTo(Phase.PENDING);
                assertThat(sample.value()).isNull();
            } else {
                assertThat(sample.phase()).isEqualTo(Phase.RUNNING);
                assertThat(sample.warming()).isTrue();
            }
        }
        assertThat(evaluations.stream().filter(e -> e.time() > 66 && e.time() < 76)
            .mapToDouble(e -> sample(e, "cpu", fresh).value()).max().orElseThrow()).isGreaterThan(0);
    }

    private static InstanceSample sample(Simulation.Evaluation e, String metric, String instance) {
        MetricReading.PerInstance p = (MetricReading.PerInstance) java.util.Objects.requireNonNull(e.readings()
            .get(metric));
        return p.samples().stream().filter(x -> x.id().equals(instance)).findFirst().orElseThrow();
    }

    @Test
    void aKilledInstancesRequestsFailAndTheFleetReplacesIt() {
        // 1 s per request and no contention: each of two instances holds about 10 requests in service
        Scenario s = Scenario.builder(QueueingTest.steady(20, 180), free(1), ScalingPolicy.of(2, 2))
            .concurrency(100, 100).kill(new Kill(Duration.ofSeconds(100))).seed(5).build();
        Timeline t = Simulation.run(s).timeline();
        assertThat(t.row(99).rejected()).isZero();
        assertThat(t.row(100).rejected()).isGreaterThan(0);
        assertThat(t.row(101).rejected()).isZero();
        assertThat(t.row(100).ready()).isEqualTo(1);
        assertThat(t.row(100).starting()).isEqualTo(1);
        assertThat(t.row(104).starting()).isEqualTo(1);
        assertThat(t.row(105).warming()).isEqualTo(1);
        assertThat(t.row(115).ready()).isEqualTo(2);
        for (int second = 0; second < 180; second++) {
            assertThat(t.row(second).instances()).isEqualTo(2);
        }
    }

    private static Scenario.Builder vertical() {
        VerticalPolicy policy = new VerticalPolicy(Cpu.millicores(500), Cpu.millicores(4000), null, null,
            new VerticalPolicy.Factor(2), VerticalPolicy.DEFAULT_HALF_LIFE);
        // 10 ms per request per core: an instance of 500m serves 50 rps
        return Scenario.builder(step(10, 60, 80, 180), CapacityModel.assumed("shop", 10),
            ScalingPolicy.of(1, 1, CPU_70)).strategy(Strategy.VERTICAL, policy)
            .size(new Resources(Cpu.millicores(500), null)).concurrency(16, 1000).seed(9);
    }

    @Test
    void theVerticalStrategyResizesInPlace() {
        Simulation.Result r = Simulation.run(vertical().build());
        Summary.Change first = r.summary().decisions().getFirst();
        assertThat(first.time()).isEqualTo(61.0);
        assertThat(first.sizeBefore()).isEqualTo("500m/-");
        assertThat(first.size()).isEqualTo("1000m/-");
        assertThat(first.from()).isEqualTo(1);
        assertThat(first.to()).isEqualTo(1);
        Timeline t = r.timeline();
        assertThat(t.row(60).cpu()).isEqualTo(500);
        assertThat(t.row(61).cpu()).isEqualTo(1000);
        for (int second = 0; second < 180; second++) {
            assertThat(t.row(second).instances()).as("second %d", second).isEqualTo(1);
            assertThat(t.row(second).starting()).isZero();
        }
        // the backlog built at 500m keeps 1000m busy for a second more, so the size doubles again; at 2000m
        // (200 rps) 80 rps is about 40 %, and the size stays
        assertThat(r.summary().decisions()).extracting(Summary.Change::time, Summary.Change::size)
            .containsExactly(tuple(61.0, "1000m/-"), tuple(63.0, "2000m/-"));
        assertThat(t.row(170).cpu()).isEqualTo(2000);
        assertThat(t.row(170).cpuUtilization()).isBetween(25.0, 55.0);
        // t3.micro is the cheapest catalogue size with 2 vCPU
        assertThat(t.row(170).pricePerHour()).isEqualTo(0.0104);
    }

    @Test
    void underTheRestartPolicyAResizeReplacesTheInstance() {
        Timeline t = Simulation.run(vertical().resizePolicy(ResizePolicy.RESTART).build()).timeline();
        // one instance, stop first: it drains, then its replacement starts at 1000m; the service is down meanwhile
        assertThat(t.row(61).draining() + t.row(61).starting()).isEqualTo(1);
        int startedAt = -1;
        for (int second = 61; second < 120 && startedAt < 0; second++) {
            if (t.row(second).starting() == 1) {
                startedAt = second;
            }
        }
        assertThat(startedAt).isGreaterThan(0);
        assertThat(t.row(startedAt + 5).warming()).isEqualTo(1);
        assertThat(t.row(startedAt + 1).rejected()).isGreaterThan(0);
        for (int second = 0; second < 180; second++) {
            assertThat(t.row(second).instances()).isLessThanOrEqualTo(1);
        }
    }

    @Test
    void theSameSeedGivesTheSameTimelineAndAnotherSeedAnother() {
        Scenario.Builder b = Scenario.builder(step(20, 60, 200, 300), CapacityModel.assumed("shop", 10),
            ScalingPolicy.of(1, 10, CPU_70)).concurrency(1, 1000);
        Simulation.Result first = Simulation.run(b.seed(42).build());
        Simulation.Result second = Simulation.run(b.seed(42).build());
        String once = csv(first);
        assertThat(csv(second)).isEqualTo(once);
        assertThat(second.summary().toJson()).isEqualTo(first.summary().toJson());
        assertThat(csv(Simulation.run(b.seed(43).build()))).isNotEqualTo(once);
        assertThat(once.lines().count()).isEqualTo(301);
        assertThat(once.lines().findFirst().orElseThrow()).isEqualTo(Timeline.HEADER);
    }

    static String csv(Simulation.Result r) {
        StringWriter out = new StringWriter();
        try {
            r.timeline().writeCsv(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    @Test
    void aSecondWithoutRequestsHasEmptyLatencyCells() throws IOException {
        Scenario s = Scenario.builder(step(0, 3, 50, 6), CapacityModel.assumed("shop", 10), ScalingPolicy.of(1, 1))
            .concurrency(1, 100).build();
        Timeline t = Simulation.run(s).timeline();
        assertThat(t.row(1).p95Ms()).isNaN();
        assertThat(t.row(1).cpuUtilization()).isEqualTo(0.0);
        List<String> lines = csv(Simulation.run(s)).lines().toList();
        assertThat(lines.get(2)).isEqualTo("1,0,0,0,0,,,,1,0,0,1,0,1000,0.0,0.0104,0,");
        assertThat(lines.get(5)).startsWith("4,").doesNotContain(",,");
    }

    @Test
    void whenLoadFallsInstancesDrainTheirRequestsAndLeave() {
        // a second per request with no contention: 80 rps keep 80 in flight, 8 instances at a target of 10; 40 rps
        // keep about 5 in flight at each when the scale-in to 4 comes, so a drain takes seconds
        Scenario s = Scenario.builder(step(80, 120, 40, 600), free(1), ScalingPolicy.of(1, 10,
            new MetricSpec("inflight", new MetricTarget.AverageValue(10)))).concurrency(100, 100).seed(2).build();
        Simulation.Result r = Simulation.run(s);
        Timeline t = r.timeline();
        int peak = t.row(119).instances();
        assertThat(peak).isGreaterThan(2);
        // the default scale-down stabilization holds the count for 300 s after the load falls
        assertThat(t.row(400).instances()).isEqualTo(peak);
        assertThat(t.row(599).instances()).isLessThan(peak);
        int drainingSeconds = 0;
        for (int second = 0; second < 600; second++) {
            assertThat(t.row(second).rejected() + t.row(second).timedOut()).as("second %d", second).isZero();
            drainingSeconds += t.row(second).draining() > 0 ? 1 : 0;
        }
        assertThat(drainingSeconds).isPositive();
        Summary.Change in = r.summary().decisions().stream().filter(c -> c.to() < c.from()).findFirst().orElseThrow();
        assertThat(in.time()).isGreaterThan(400.0);
        Summary sum = r.summary();
        assertThat(sum.served() + sum.rejected() + sum.timedOut() + sum.unfinished()).isEqualTo(sum.requests());
    }

    @Test
    void anOverloadedInstanceTimesRequestsOutAndServesNoneLaterThanTheTimeout() {
        Scenario s = Scenario.builder(QueueingTest.steady(200, 120), free(100), ScalingPolicy.of(1, 1))
            .concurrency(1, 100_000).requestTimeout(Duration.ofSeconds(1)).seed(4).build();
        Simulation.Result r = Simulation.run(s);
        Summary sum = r.summary();
        assertThat(sum.timedOut()).isGreaterThan(5000);
        assertThat(sum.rejected()).isZero();
        assertThat(sum.served() + sum.timedOut() + sum.unfinished()).isEqualTo(sum.requests());
        for (int second = 0; second < 120; second++) {
            double p99 = r.timeline().row(second).p99Ms();
            assertThat(Double.isNaN(p99) || p99 <= 1000 * 1.032).as("second %d: %s", second, p99).isTrue();
        }
        // half the arrivals are served: one instance completes 100 of the 200 per second
        assertThat(r.timeline().row(100).served()).isBetween(80, 120);
        assertThat(sum.minutesOverSlo()).isEqualTo(2);
    }
}
