package dev.horizon.sim.engine;

import dev.horizon.autoscale.Autoscaler;
import dev.horizon.autoscale.Decision;
import dev.horizon.autoscale.FleetFacts;
import dev.horizon.autoscale.InstanceSample;
import dev.horizon.autoscale.InstanceUsage;
import dev.horizon.autoscale.LoadHistory;
import dev.horizon.autoscale.MetricReading;
import dev.horizon.autoscale.Phase;
import dev.horizon.autoscale.Shape;
import dev.horizon.autoscale.Strategy;
import dev.horizon.sim.engine.Instance.State;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The real {@link Autoscaler} at its period, given readings built as the live control loop builds them, its decisions
 * carried out on the simulated fleet.
 *
 * <p>Implementation notes, after {@code AutoscaleLoop} and {@code MetricCollector} in the control plane. Each
 * instance is a sample in the HPA's phases: starting is pending (not ready, no value), warming and in service are
 * running (warming flagged, so the autoscaler leaves it out of averages), draining is terminating; a killed instance
 * has left already (the HPA ignores failed ones anyway). {@code inflight} is the gateway's in-flight count;
 * {@code rps} the gateway's ten-second window over the time it covers; {@code cpu} the CPU the instance used in
 * the last whole second (the profile's measured CPU at its requests in flight, else its share of its capacity times
 * its CPU, at each moment), in whole millicores, against its own CPU as the request (under a horizontal strategy the
 * live loop uses {@code cpu-request}, whose default is that same CPU); {@code latency-p95} the service's ten-second
 * window, and the predictive policy's {@code load:rps} that window's rate. The count is the desired count; the facts
 * count starting, warming and in-service instances.
 * Under a strategy other than horizontal an evaluation is skipped while a restart rollout replaces instances, as the
 * live loop holds. Differences from live: readings are taken at the evaluation's instant with no scrape delay, and a
 * CPU sample is the last whole second's rather than the fleet's last poll.
 */
final class Control {

    private final Engine engine;
    private final Scenario scenario;
    private final Simulation.Listener listener;
    private final Stats stats;
    private final Autoscaler autoscaler;

    Control(Engine engine, Scenario scenario, Simulation.Listener listener, Stats stats) {
        this.engine = engine;
        this.scenario = scenario;
        this.listener = listener;
        this.stats = stats;
        this.autoscaler = new Autoscaler(scenario.policy(), scenario.strategy(), scenario.vertical());
        LoadHistory history = scenario.loadHistory();
        if (history != null) {
            autoscaler.restoreLoadHistory(history);
        }
    }

    void evaluate() {
        Fleet fleet = engine.fleet;
        if (fleet.replacing() && autoscaler.strategy() != Strategy.HORIZONTAL) {
            return;
        }
        double t = engine.now;
        Instant at = scenario.start().plusNanos(Math.round(t * 1e9));
        Map<String, MetricReading> readings = new LinkedHashMap<>();
        scenario.sources().forEach((name, source) -> readings.put(name, read(source, t)));
        int starting = 0;
        int warming = 0;
        int ready = 0;
        for (Instance i : fleet.live) {
            switch (i.state) {
                case STARTING -> starting++;
                case WARMING -> warming++;
                case IN_SERVICE -> ready++;
                default -> {
                }
            }
        }
        FleetFacts facts = new FleetFacts(ready, starting, warming);
        Shape current = new Shape(fleet.template, fleet.desired);
        Decision d = autoscaler.strategy() == Strategy.HORIZONTAL
            ? autoscaler.evaluate(at, fleet.desired, readings, facts)
            : autoscaler.evaluate(at, current, readings, facts, usage(fleet));
        listener.evaluated(new Simulation.Evaluation(t, current, readings, facts, d));
        if (d.changes()) {
            // under a horizontal strategy the decision carries no size: the instances keep the fleet's
            boolean sized = autoscaler.strategy() != Strategy.HORIZONTAL;
            stats.changes.add(new Summary.Change(t, d.current(), d.desired(), (sized ? d.sizing().before()
                : current.size()).brief(), (sized ? d.sizing().after() : current.size()).brief(), d.explanation()));
        }
        if (d.resizes()) {
            fleet.resize(d.sizing().after());
        }
        if (d.scales()) {
            fleet.setDesired(d.desired());
        }
    }

    private MetricReading read(MetricSource source, double now) {
        long second = (long) now;
        if (source == MetricSource.LATENCY_P95) {
            return new MetricReading.Single(engine.gateway.p95Ms(second));
        }
        if (source == MetricSource.SERVICE_RPS) {
            return new MetricReading.Single(engine.gateway.rps(now));
        }
        List<InstanceSample> samples = new ArrayList<>();
        for (Instance i : engine.fleet.live) {
            Phase phase = switch (i.state) {
                case STARTING -> Phase.PENDING;
                case WARMING, IN_SERVICE -> Phase.RUNNING;
                case DRAINING, GONE -> Phase.TERMINATING;
            };
            boolean running = phase == Phase.RUNNING;
            Double value = running ? switch (source) {
                case INFLIGHT -> (double) i.load.inFlight();
                case RPS -> Gateway.rps(i, now);
                case CPU -> (double) Math.round(i.lastSecondMillicores);
                case LATENCY_P95, SERVICE_RPS -> throw new IllegalStateException("service-wide");
            } : null;
            samples.add(new InstanceSample(i.id, phase, running, i.state == State.WARMING, value,
                source == MetricSource.CPU ? i.cpu.millicores() : 0));
        }
        return new MetricReading.PerInstance(samples);
    }

    private static List<InstanceUsage> usage(Fleet fleet) {
        List<InstanceUsage> usage = new ArrayList<>();
        for (Instance i : fleet.live) {
            if (i.state == State.WARMING || i.state == State.IN_SERVICE) {
                usage.add(new InstanceUsage(i.id, Math.round(i.lastSecondMillicores), null));
            }
        }
        return usage;
    }
}
