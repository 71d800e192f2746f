package dev.horizon.autoscale;

import dev.horizon.duration.DurationText;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * Predictive scaling ({@code autoscale.predictive}), with the semantics of AWS predictive scaling: the load forecast
 * for the next {@code buffer} becomes a minimum capacity, {@code ceil(forecast / target)}, that joins the reactive
 * proposals (the largest wins); it never scales in by itself, and it does nothing until a day of history exists.
 *
 * <p>The caller feeds the load: each evaluation's readings carry, under the name {@link #reading()}
 * ({@code load:rps} for the default metric), one {@link MetricReading.Single} with the service-wide load in the
 * metric's unit — for {@code rps} the requests per second the whole service received (not per instance). The
 * {@link Autoscaler} records it into its {@link LoadHistory} (per-minute means) and forecasts from that history.
 *
 * @param mode    whether the forecast acts ({@link Mode#FORECAST_AND_SCALE}) or is only logged
 *                ({@link Mode#FORECAST_ONLY})
 * @param metric  the load metric's name, also its unit in decisions ({@code rps}); not blank
 * @param target  the load one instance should carry, in the metric's unit; positive
 * @param buffer  how far ahead capacity is made ready (AWS {@code SchedulingBufferTime}), 0s..1h
 * @param history how much history is kept, 25 hours to 60 days
 */
public record PredictivePolicy(Mode mode, String metric, double target, Duration buffer, Duration history) {

    /** The default buffer: AWS's {@code SchedulingBufferTime} default of 300 s. */
    public static final Duration DEFAULT_BUFFER = Duration.ofMinutes(5);
    /** The default history: 15 days (AWS looks at up to 14; one more keeps the week before last's whole day). */
    public static final Duration DEFAULT_HISTORY = Duration.ofDays(15);
    /** The history a forecast needs before it acts: 24 hours, as AWS requires. */
    public static final Duration NEEDED = Duration.ofDays(1);
    /** The metric when none is named: the service's requests per second. */
    public static final String DEFAULT_METRIC = "rps";

    private static final Duration MAX_HISTORY = Duration.ofDays(60);
    /**
     * The least history kept: a day and an hour. A forecast for {@code now + buffer} reads the same minute a day
     * back, up to an hour (the largest buffer) after {@code now − 1 day}, and the 24 hours must fit beside it; a ring
     * of exactly one day would always be a minute short.
     */
    private static final Duration MIN_HISTORY = Duration.ofHours(25);

    /** Whether the forecast acts (AWS {@code PredictiveScalingMode}). */
    public enum Mode {
        /** The forecast's minimum capacity joins the proposals (AWS {@code ForecastAndScale}). */
        FORECAST_AND_SCALE,
        /** The forecast is computed and logged; it changes nothing (AWS {@code ForecastOnly}). */
        FORECAST_ONLY;

        /** As the file writes it: {@code forecast-only}. */
        public String text() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    /** Validates the values. */
    public PredictivePolicy {
        Objects.requireNonNull(mode, "mode");
        if (metric.isBlank()) {
            throw new IllegalArgumentException("metric: '' (expected: a load metric such as rps)");
        }
        if (!(target > 0) || Double.isInfinite(target)) {
            throw new IllegalArgumentException("target: " + target + " (expected: a positive number)");
        }
        if (buffer.isNegative() || buffer.compareTo(Duration.ofHours(1)) > 0) {
            throw new IllegalArgumentException("buffer: " + DurationText.format(buffer) + " (expected: 0s..1h)");
        }
        if (history.compareTo(MIN_HISTORY) < 0 || history.compareTo(MAX_HISTORY) > 0 || history.toSeconds() % 60 != 0
            || history.getNano() != 0) {
            throw new IllegalArgumentException("history: " + LoadHistory.span(history.toMinutes())
                + " (expected: whole minutes from 25h to 60d)");
        }
    }

    /** A policy that scales on {@code metric} at {@code target} per instance, with the default buffer and history. */
    public static PredictivePolicy of(String metric, double target) {
        return new PredictivePolicy(Mode.FORECAST_AND_SCALE, metric, target, DEFAULT_BUFFER, DEFAULT_HISTORY);
    }

    /** This policy with {@code newMode}. */
    public PredictivePolicy withMode(Mode newMode) {
        return new PredictivePolicy(newMode, metric, target, buffer, history);
    }

    /** This policy with {@code newBuffer}. */
    public PredictivePolicy withBuffer(Duration newBuffer) {
        return new PredictivePolicy(mode, metric, target, newBuffer, history);
    }

    /** The name the caller's load reading is keyed by: {@code load:} and the metric, {@code load:rps}. */
    public String reading() {
        return "load:" + metric;
    }
}
