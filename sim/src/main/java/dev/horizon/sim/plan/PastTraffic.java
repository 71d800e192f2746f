package dev.horizon.sim.plan;

import dev.horizon.autoscale.LoadHistory;
import dev.horizon.sim.trace.Trace;
import java.time.Duration;
import java.time.Instant;

/**
 * The load history a predictive policy would have kept before a trace starts, for a plan over that trace: the trace
 * itself, laid before its start as whole days ({@code ceil(length / 1 day)} of them), minute by minute.
 *
 * <p>Implementation notes. AWS predictive scaling forecasts only after 24 hours of history, so over a one-day trace a
 * policy that starts empty would never act and the table's predictive row would repeat the reactive one. The planner
 * therefore assumes what the hourly schedule assumes too: the traffic before the trace looked like the trace (a
 * service planned from last week's recording sees this week's much like it). A trace of two days or more lays itself
 * before its start whole, so the policy's seasonal naive forecast sees the same day a period back.
 */
public final class PastTraffic {

    private PastTraffic() {
    }

    /** The history before {@code start} for {@code trace}, kept for {@code retention}. */
    public static LoadHistory before(Trace trace, Instant start, Duration retention) {
        long days = (trace.seconds() + 86_399) / 86_400;
        Instant from = start.minus(Duration.ofDays(days));
        LoadHistory history = new LoadHistory(retention);
        for (int minute = 0; minute * 60 < trace.seconds(); minute++) {
            int end = Math.min(trace.seconds(), minute * 60 + 60);
            double sum = 0;
            for (int t = minute * 60; t < end; t++) {
                sum += trace.rps(t);
            }
            history.record(from.plusSeconds(minute * 60L), sum / (end - minute * 60));
        }
        return history;
    }
}
