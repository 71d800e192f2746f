package dev.horizon.bench;

import dev.horizon.autoscale.MetricSpec;
import dev.horizon.autoscale.MetricTarget;
import dev.horizon.autoscale.ScalingPolicy;
import dev.horizon.balance.Algorithm;
import dev.horizon.sim.engine.Scenario;
import dev.horizon.sim.engine.Simulation;
import dev.horizon.sim.model.CapacityModel;
import dev.horizon.sim.trace.Trace;
import dev.horizon.sim.trace.Traces;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One simulated day of {@code daily:base=30,peak=300} (about 14.26 million requests) at 1-second resolution: the
 * score is seconds per day; divide 14.26 million by it for simulated requests per second. The service takes 20 ms per
 * request on one core (the assumed model), scaled between 1 and 20 instances on CPU at 70 %, so the autoscaler
 * evaluates 86,400 times. Run it with {@code java -jar bench/target/benchmarks.jar SimulationBenchmark}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 1)
@Measurement(iterations = 3)
@Fork(1)
public class SimulationBenchmark {

    @Param({"least-request", "round-robin", "peak-ewma"})
    public String balance;

    private Scenario scenario;

    @Setup
    public void setUp() {
        Trace day = Traces.load("daily:base=30,peak=300");
        ScalingPolicy policy = ScalingPolicy.of(1, 20, new MetricSpec("cpu", new MetricTarget.Utilization(70)));
        scenario = Scenario.builder(day, CapacityModel.assumed("bench", 20), policy)
            .balance(Algorithm.of(balance)).build();
    }

    @Benchmark
    public long day() {
        return Simulation.run(scenario).summary().served();
    }
}
