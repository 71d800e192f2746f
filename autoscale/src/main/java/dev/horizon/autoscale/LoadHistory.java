package dev.horizon.autoscale;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.OptionalDouble;
import org.jspecify.annotations.Nullable;

/**
 * A service's load, one value a minute: the mean of the readings recorded in each UTC minute, for the last
 * {@link #retention()} (minutes older than that drop). What {@link Forecaster}s read.
 *
 * <p>It serializes to a text the caller may keep on disk ({@link #toText()}, {@link #parse}): a comment line, then one
 * line per minute with readings, {@code MINUTE,MEAN,SAMPLES} ({@code 2030-01-07T12:00:00Z,41.5,60}), oldest first.
 * The sample count lets a minute half recorded before a restart go on averaging after it.
 *
 * <p>Not thread-safe: one thread records and reads (the autoscaler's).
 *
 * <p>Implementation notes. A ring of {@code retention} minutes indexed by the epoch minute modulo its length; each slot
 * holds a running mean ({@code mean += (value − mean) / n}, so a parsed mean is kept bit for bit) and its count.
 * Recording a later minute clears the slots it skips (minutes without readings stay empty: a gap, not a zero).
 */
public final class LoadHistory {

    private static final long NONE = Long.MIN_VALUE;
    private static final String HEADER = "# horizon load history: minute (UTC), mean, samples";

    private final int capacity;
    private final double[] means;
    private final int[] counts;
    private long newest = NONE;
    private long oldest = NONE;

    /** An empty history keeping {@code retention}, at least a minute (whole minutes). */
    public LoadHistory(Duration retention) {
        long minutes = retention.toMinutes();
        if (minutes < 1 || minutes > Integer.MAX_VALUE / 2) {
            throw new IllegalArgumentException("history: " + span(minutes) + " (expected: at least 1m)");
        }
        this.capacity = (int) minutes;
        this.means = new double[capacity];
        this.counts = new int[capacity];
    }

    /** How much history is kept. */
    public Duration retention() {
        return Duration.ofMinutes(capacity);
    }

    /**
     * Records a reading of the service's load taken at {@code at}; one older than the retention is dropped.
     *
     * @throws IllegalArgumentException when {@code value} is negative, NaN or infinite
     */
    public void record(Instant at, double value) {
        if (!(value >= 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException("load: " + value + " (expected: a non-negative number)");
        }
        long m = minuteOf(at);
        if (!advanceTo(m)) {
            return;
        }
        int i = slot(m);
        counts[i]++;
        means[i] += (value - means[i]) / counts[i];
    }

    /** Makes {@code m} recordable: moves the newest minute up to it, clearing skipped slots; false when too old. */
    private boolean advanceTo(long m) {
        if (newest == NONE) {
            newest = m;
            oldest = m;
            return true;
        }
        if (m > newest) {
            long clear = Math.min(m - newest, capacity);
            for (long k = 1; k <= clear; k++) {
                int i = slot(newest + k);
                counts[i] = 0;
                means[i] = 0;
            }
            newest = m;
            oldest = Math.max(oldest, m - capacity + 1);
            while (oldest < m && counts[slot(oldest)] == 0) {
                oldest++;  // the first minute kept may be a gap: the history starts at the first reading
            }
            return true;
        }
        if (m <= newest - capacity) {
            return false;
        }
        oldest = Math.min(oldest, m);
        return true;
    }

    /** The mean load of the minute {@code minute} falls in, empty when none was recorded (or it has dropped). */
    public OptionalDouble mean(Instant minute) {
        double d = mean(minuteOf(minute));
        return Double.isNaN(d) ? OptionalDouble.empty() : OptionalDouble.of(d);
    }

    /** The mean of epoch minute {@code m}, NaN when none. */
    double mean(long m) {
        if (newest == NONE || m > newest || m <= newest - capacity) {
            return Double.NaN;
        }
        int i = slot(m);
        return counts[i] == 0 ? Double.NaN : means[i];
    }

    /** How many readings minute {@code m} holds. */
    int samples(long m) {
        return Double.isNaN(mean(m)) ? 0 : counts[slot(m)];
    }

    /** The first minute recorded that is still kept, or null when nothing was recorded. */
    public @Nullable Instant oldest() {
        return oldest == NONE ? null : Instant.ofEpochSecond(oldest * 60);
    }

    /** How much history there is at {@code now}: from the start of the oldest minute kept to {@code now}'s minute. */
    public Duration span(Instant now) {
        return Duration.ofMinutes(spanMinutes(now));
    }

    long spanMinutes(Instant now) {
        return oldest == NONE ? 0 : Math.max(0, minuteOf(now) - oldest);
    }

    /** How many minutes hold readings. */
    public int minutes() {
        int n = 0;
        for (long m = Math.max(oldest, newest - capacity + 1); newest != NONE && m <= newest; m++) {
            n += counts[slot(m)] > 0 ? 1 : 0;
        }
        return n;
    }

    /** The history as text: a comment line, then {@code MINUTE,MEAN,SAMPLES} per minute with readings. */
    public String toText() {
        StringBuilder out = new StringBuilder(HEADER).append('\n');
        for (long m = Math.max(oldest, newest - capacity + 1); newest != NONE && m <= newest; m++) {
            int i = slot(m);
            if (counts[i] > 0) {
                out.append(Instant.ofEpochSecond(m * 60)).append(',').append(means[i]).append(',').append(counts[i])
                    .append('\n');
            }
        }
        return out.toString();
    }

    /**
     * The history {@link #toText()} wrote, keeping {@code retention} (older minutes drop). Blank lines and lines
     * starting with {@code #} are skipped.
     *
     * @throws IllegalArgumentException naming the line of the first problem
     */
    public static LoadHistory parse(String text, Duration retention) {
        LoadHistory h = new LoadHistory(retention);
        String[] lines = text.split("\n", -1);
        long previous = NONE;
        for (int n = 0; n < lines.length; n++) {
            String line = lines[n].strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] fields = line.split(",", -1);
            long m;
            double mean;
            int samples;
            try {
                if (fields.length != 3) {
                    throw new IllegalArgumentException("3 fields");
                }
                Instant at = Instant.parse(fields[0]);
                m = minuteOf(at);
                mean = Double.parseDouble(fields[1]);
                samples = Integer.parseInt(fields[2]);
                if (at.getEpochSecond() % 60 != 0 || at.getNano() != 0 || !(mean >= 0) || Double.isInfinite(mean)
                    || samples < 1) {
                    throw new IllegalArgumentException("ranges");
                }
            } catch (IllegalArgumentException | DateTimeParseException e) {
                throw new IllegalArgumentException("line " + (n + 1) + ": '" + line + "' (expected: "
                    + "MINUTE,MEAN,SAMPLES like 2030-01-07T12:00:00Z,41.5,60: a whole UTC minute, a mean >= 0, a "
                    + "count >= 1)", e);
            }
            if (previous != NONE && m <= previous) {
                throw new IllegalArgumentException("line " + (n + 1) + ": minute " + fields[0] + " (expected: after "
                    + "the previous line's " + Instant.ofEpochSecond(previous * 60) + ")");
            }
            previous = m;
            if (h.advanceTo(m)) {
                h.means[h.slot(m)] = mean;
                h.counts[h.slot(m)] = samples;
            }
        }
        return h;
    }

    /** This history with another retention: the same minutes, as many as {@code retention} keeps. */
    public LoadHistory withRetention(Duration retention) {
        return parse(toText(), retention);
    }

    private int slot(long m) {
        return (int) Math.floorMod(m, (long) capacity);
    }

    static long minuteOf(Instant at) {
        return Math.floorDiv(at.getEpochSecond(), 60);
    }

    /** {@code 45m}, {@code 3h}, {@code 23h59m}, {@code 2d4h}: a span of whole minutes as decisions write it. */
    static String span(long minutes) {
        long days = minutes / 1440;
        long hours = minutes % 1440 / 60;
        long rest = minutes % 60;
        StringBuilder b = new StringBuilder();
        if (days > 0) {
            b.append(days).append('d');
        }
        if (hours > 0) {
            b.append(hours).append('h');
        }
        if (rest > 0 || b.isEmpty()) {
            b.append(rest).append('m');
        }
        return b.toString();
    }
}
