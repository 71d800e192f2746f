package dev.horizon.autoscale;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/** What a {@link Forecaster} says about a window: the peak load it expects, or why it cannot say. */
public sealed interface Forecast permits Forecast.Peak, Forecast.None {

    /**
     * The highest load expected in the window.
     *
     * @param load   the load, in the history's unit
     * @param at     the start of the minute it is expected in
     * @param season how far back the value was taken from (a day or a week, for the seasonal naive forecaster)
     */
    record Peak(double load, Instant at, Duration season) implements Forecast {
        /** Checks the values. */
        public Peak {
            Objects.requireNonNull(at, "at");
            Objects.requireNonNull(season, "season");
        }
    }

    /**
     * No forecast.
     *
     * @param reason why, in words ({@code 3h of history, needs 24h})
     */
    record None(String reason) implements Forecast {
    }
}
