package dev.horizon.sim.plan;

import java.util.Objects;

/**
 * One line of the planner's table: a strategy simulated over the whole trace.
 *
 * @param strategy       its name as the table prints it ({@code horizontal m6i.large}, {@code vertical-first}, ...)
 * @param costPerMonth   what its instances cost over the trace, scaled to a month
 * @param minutesOverSlo the minutes whose p95 was above the SLO
 * @param minutes        the minutes the trace lasts (a partial last minute counts)
 * @param requests       the requests that arrived
 * @param failed         those rejected or timed out
 * @param peakInstances  the most instances at once
 * @param peakSize       the largest CPU size an instance had, as text ({@code 2000m})
 * @param instanceHours  instance-hours over the trace
 */
public record PlanRow(String strategy, double costPerMonth, long minutesOverSlo, long minutes, long requests,
                      long failed, int peakInstances, String peakSize, double instanceHours) {

    /** Validates the counts. */
    public PlanRow {
        Objects.requireNonNull(strategy, "strategy");
        Objects.requireNonNull(peakSize, "peakSize");
        if (minutesOverSlo < 0 || minutes < minutesOverSlo || requests < 0 || failed < 0 || failed > requests) {
            throw new IllegalArgumentException("row " + strategy + ": minutes " + minutesOverSlo + "/" + minutes
                + ", failed " + failed + "/" + requests + " (expected: parts within their wholes)");
        }
    }

    /** The share of minutes over the SLO, 0..1. */
    public double overShare() {
        return minutes == 0 ? 0 : (double) minutesOverSlo / minutes;
    }

    /** The share of requests that failed, 0..1. */
    public double failedShare() {
        return requests == 0 ? 0 : (double) failed / requests;
    }
}
