package dev.horizon.charts;

import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * A run in a few numbers, for comparing plans: what it cost and how often it missed its latency objective.
 *
 * <p>Each row of a timeline stands for the time until the next row (the last row for one second, the format's
 * step), its counts being per second; unknown cells ({@link Double#NaN}) add nothing. A number the run cannot give —
 * a column it lacks, no SLO to count against — is {@link Double#NaN}.
 *
 * @param name             the run's name
 * @param seconds          how long the run lasted
 * @param arrivals         the requests that arrived
 * @param failed           the requests rejected or timed out
 * @param cost             the sum of {@code price-per-hour} over the run's hours
 * @param instanceHours    the sum of {@code instances} over the run's hours
 * @param secondsOverSlo   the seconds whose p95 exceeded the SLO
 */
public record RunSummary(String name, double seconds, double arrivals, double failed, double cost,
                         double instanceHours, double secondsOverSlo) {

    /** The summary of {@code run}, counting seconds over {@code sloP95} when given. */
    public static RunSummary of(Timeline run, @Nullable Duration sloP95) {
        double[] time = run.values(Timeline.TIME);
        double[] step = new double[time.length];
        for (int i = 0; i < step.length; i++) {
            step[i] = i + 1 < time.length ? time[i + 1] - time[i] : 1;
        }
        double seconds = time.length == 0 ? 0 : time[time.length - 1] - time[0] + 1;
        double failed = Double.NaN;
        for (String column : new String[] {Timeline.REJECTED, Timeline.TIMED_OUT}) {
            if (run.has(column)) {
                failed = (Double.isNaN(failed) ? 0 : failed) + sum(run.values(column), step);
            }
        }
        double overSlo = Double.NaN;
        if (sloP95 != null && run.has(Timeline.P95_MS)) {
            double slo = sloP95.toNanos() / 1e6;
            double[] p95 = run.values(Timeline.P95_MS);
            overSlo = 0;
            for (int i = 0; i < p95.length; i++) {
                overSlo += p95[i] > slo ? step[i] : 0;
            }
        }
        return new RunSummary(run.name(), seconds, total(run, Timeline.ARRIVALS, step), failed,
            total(run, Timeline.PRICE_PER_HOUR, step) / 3600, total(run, Timeline.INSTANCES, step) / 3600, overSlo);
    }

    /** The share of arrivals that failed, 0..1; NaN when unknown. */
    public double failedShare() {
        return arrivals > 0 ? failed / arrivals : Double.NaN;
    }

    private static double total(Timeline run, String column, double[] step) {
        return run.has(column) ? sum(run.values(column), step) : Double.NaN;
    }

    /** The sum of the known {@code values}, each times its row's step in seconds (a rate per second's count). */
    private static double sum(double[] values, double[] step) {
        double sum = 0;
        for (int i = 0; i < values.length; i++) {
            if (!Double.isNaN(values[i])) {
                sum += values[i] * step[i];
            }
        }
        return sum;
    }
}
