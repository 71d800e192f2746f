package dev.horizon.autoscale;

import java.time.Instant;

/** Forecasts a service's load from its {@link LoadHistory}. Pure: the same history and window give the same answer. */
public interface Forecaster {

    /**
     * The peak load expected in the minutes from {@code from}'s to {@code to}'s (both included).
     *
     * @param history the load so far
     * @param from    the window's start, the time of the forecast ("now")
     * @param to      the window's end, not before {@code from}
     */
    Forecast peak(LoadHistory history, Instant from, Instant to);

    /**
     * Seasonal naive at minute resolution: each minute's load is the same minute's a week ago when a week of history
     * exists, else a day ago; no forecast before a day of history.
     */
    static Forecaster seasonalNaive() {
        return SeasonalNaive.INSTANCE;
    }
}
