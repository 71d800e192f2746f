package dev.horizon.sim.plan;

import dev.horizon.autoscale.LoadHistory;
import dev.horizon.sim.trace.Trace;
import java.time.Duration;
import java.time.Instant;

/**
 * The load history a predictive policy would have kept before a trace starts, for a plan over that trace: the trace's
 * first day, laid as the day before its start, minute by minute.
 *
 * <p>Implementation notes. AWS predictive scaling forecasts only after 24 hours of history, so over a one-day trace a
 * policy that starts empty would never act and the table's predictive row would repeat the reactive one. The planner
 * therefore assumes what the hourly schedule assumes too: the day before the trace looked like its first day (a
 * service planned from last week's recording sees this week's much like it). Over a one-day trace the forecast is
 * then the trace itself — the row shows what predictive scaling does for traffic that repeats daily, an upper bound
 * of its benefit; from the second day of a longer trace the policy forecasts from the simulated days before, as it
 * would live.
 */
public final class PastTraffic {

    private PastTraffic() {
    }

    /** The history before {@code start}: {@code trace}'s first day as the day before, kept for {@code retention}. */
    public static LoadHistory before(Trace trace, Instant start, Duration retention) {
        Instant from = start.minus(Duration.ofDays(1));
        LoadHistory history = new LoadHistory(retention);
        int seconds = Math.min(trace.seconds(), 86_400);
        for (int minute = 0; minute * 60 < seconds; minute++) {
            int end = Math.min(seconds, minute * 60 + 60);
            double sum = 0;
            for (int t = minute * 60; t < end; t++) {
                sum += trace.rps(t);
            }
            history.record(from.plusSeconds(minute * 60L), sum / (end - minute * 60));
        }
        return history;
    }
}
