package dev.horizon.autoscale;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * The seasonal naive forecast: the load of a minute is the load of the same minute one season earlier.
 *
 * <p>Implementation notes. The seasonal naive method (Hyndman and Athanasopoulos, <i>Forecasting: Principles and
 * Practice</i>, 3rd ed., section 5.2, "Some simple forecasting methods") with the two seasons request traffic has: a
 * day and a week. The season is a week once the history spans a week (a Monday then looks like last Monday, not like
 * Sunday), else a day; with less than a day there is nothing to repeat, and AWS predictive scaling also waits for 24
 * hours of data. A minute whose week-ago value is missing (the autoscaler was down) falls back to a day ago; a minute
 * with neither is skipped. Resolution is the minute (AWS forecasts hourly), so a spike at 14:05 yesterday is expected
 * at 14:05 today, not smeared over the hour. Holt-Winters, which would also follow a trend, is left out: with a daily
 * and a weekly season it needs both seasons fitted and tuned parameters, and the naive method is the baseline it must
 * beat first.
 */
final class SeasonalNaive implements Forecaster {

    static final SeasonalNaive INSTANCE = new SeasonalNaive();

    private static final long DAY = 1440;
    private static final long WEEK = 7 * DAY;
    private static final DateTimeFormatter HOUR_MINUTE = DateTimeFormatter.ofPattern("HH:mm").withZone(ZoneOffset.UTC);

    private SeasonalNaive() {
    }

    @Override
    public Forecast peak(LoadHistory history, Instant from, Instant to) {
        if (to.isBefore(from)) {
            throw new IllegalArgumentException("to: " + to + " (expected: not before from " + from + ")");
        }
        long span = history.spanMinutes(from);
        if (span < DAY) {
            String have = span > 0 ? LoadHistory.span(span) + " of history"
                : history.oldest() == null ? "no load history yet" : "under a minute of history";
            return new Forecast.None(have + ", needs 24h");
        }
        long season = span >= WEEK ? WEEK : DAY;
        long first = LoadHistory.minuteOf(from);
        long last = LoadHistory.minuteOf(to);
        double best = Double.NaN;
        long bestMinute = first;
        long bestSeason = season;
        for (long m = first; m <= last; m++) {
            long used = season;
            double v = history.mean(m - season);
            if (Double.isNaN(v) && season == WEEK) {
                used = DAY;
                v = history.mean(m - DAY);
            }
            if (!Double.isNaN(v) && (Double.isNaN(best) || v > best)) {
                best = v;
                bestMinute = m;
                bestSeason = used;
            }
        }
        if (Double.isNaN(best)) {
            String window = HOUR_MINUTE.format(Instant.ofEpochSecond(first * 60))
                + (last == first ? "" : "–" + HOUR_MINUTE.format(Instant.ofEpochSecond(last * 60)));
            return new Forecast.None("no load recorded at " + window + (season == WEEK ? " a week or a day ago"
                : " a day ago"));
        }
        return new Forecast.Peak(best, Instant.ofEpochSecond(bestMinute * 60), Duration.ofMinutes(bestSeason));
    }
}
