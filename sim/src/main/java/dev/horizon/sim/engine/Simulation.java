package dev.horizon.sim.engine;

import dev.horizon.autoscale.Decision;
import dev.horizon.autoscale.FleetFacts;
import dev.horizon.autoscale.MetricReading;
import dev.horizon.autoscale.Shape;
import java.util.Map;
import java.util.Objects;

/**
 * Runs a {@link Scenario} on a virtual clock, from the trace's first second to its last, and hands back its
 * {@link Timeline} and {@link Summary}. Deterministic: the same scenario (seed included) gives the same result on
 * every run and JDK.
 *
 * <p>Implementation notes. A discrete-event simulation whose hot path allocates nothing per request: requests live in
 * primitive arrays ({@code Requests}), each instance keeps its requests in service in a heap keyed by virtual finish
 * time ({@code Instance}), and the instances sit in one heap keyed by their next completion or timeout. The next
 * event is the earliest of: the end of a second (the timeline's row), a fleet timer (ready, warm, drain end, resize,
 * kill), the autoscaler's period, a queue deadline of the concurrency limit ({@code Admission}), an answer reaching
 * the gateway after its wait for a core ({@code Replies}), an instance's event, and the next arrival; at equal times
 * in that order. Arrivals are Poisson at each second's rate (exponential gaps, drawn again at a second's end, which
 * is exact for a piecewise-constant rate as the exponential is memoryless). Random draws come from three seeded
 * {@code L64X128MixRandom} streams — arrivals, service demands, the balancer — so a change in one does not shift the
 * others.
 */
public final class Simulation {

    private Simulation() {
    }

    /**
     * What a simulation produced.
     *
     * @param timeline one row per second
     * @param summary  the whole run in a few numbers
     */
    public record Result(Timeline timeline, Summary summary) {
        /** Checks both are present. */
        public Result {
            Objects.requireNonNull(timeline, "timeline");
            Objects.requireNonNull(summary, "summary");
        }
    }

    /**
     * One evaluation of the autoscaler, with exactly the inputs it was given.
     *
     * @param time     seconds from the trace's start
     * @param current  the size and the count it started from
     * @param readings each metric's reading
     * @param facts    the fleet's facts
     * @param decision what it decided
     */
    public record Evaluation(double time, Shape current, Map<String, MetricReading> readings, FleetFacts facts,
                             Decision decision) {
        /** Copies the readings. */
        public Evaluation {
            readings = Map.copyOf(readings);
        }
    }

    /** Hears how a simulation goes; every method does nothing by default. */
    public interface Listener {
        /** A listener that hears nothing. */
        Listener NONE = new Listener() {
        };

        /** Every simulated hour (and at the end): {@code second} of {@code seconds} done, {@code requests} so far. */
        default void progress(int second, int seconds, long requests) {
        }

        /** After each evaluation of the autoscaler. */
        default void evaluated(Evaluation evaluation) {
        }
    }

    /** Runs {@code scenario}. */
    public static Result run(Scenario scenario) {
        return run(scenario, Listener.NONE);
    }

    /** Runs {@code scenario}, telling {@code listener} how it goes. */
    public static Result run(Scenario scenario, Listener listener) {
        return new Engine(scenario, listener).run();
    }
}
