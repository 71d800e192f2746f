package dev.horizon.autoscale;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.Month;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.zone.ZoneOffsetTransition;
import java.util.BitSet;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * A five-field cron expression, {@code minute hour day-of-month month day-of-week}, evaluated in a time zone.
 *
 * <p>Each field is {@code *}, a value, a range {@code a-b}, a step {@code *}/n or {@code a-b/n} or {@code a/n}
 * (from {@code a} to the end), or a comma-separated list of those. Months may be written {@code JAN}..{@code DEC} and
 * days of the week {@code SUN}..{@code SAT} (0 and 7 are Sunday), in any case. As in Vixie cron, when both the day of
 * the month and the day of the week are restricted (neither field starts with {@code *}) a day matching either fires.
 *
 * <p>Daylight saving time: a local time that does not exist (skipped when clocks go forward) fires at the first
 * instant after the gap; a local time that happens twice (when clocks go back) fires once, at its first occurrence.
 */
public final class Cron {

    /** How far {@link #lastFire} and {@link #nextFire} look: eight years covers every leap day. */
    private static final int SEARCH_DAYS = 8 * 366;
    private static final List<String> MONTHS = List.of("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP",
        "OCT", "NOV", "DEC");
    private static final List<String> DAYS = List.of("SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT");

    private final String text;
    private final BitSet minutes;
    private final BitSet hours;
    private final BitSet days;
    private final BitSet months;
    private final BitSet weekdays;
    private final boolean daysRestricted;
    private final boolean weekdaysRestricted;

    private Cron(String text, String[] f) {
        this.text = text;
        this.minutes = field(f[0], "minute", 0, 59, List.of());
        this.hours = field(f[1], "hour", 0, 23, List.of());
        this.days = field(f[2], "day of month", 1, 31, List.of());
        this.months = field(f[3], "month", 1, 12, MONTHS);
        BitSet dow = field(f[4], "day of week", 0, 7, DAYS);
        if (dow.get(7)) {
            dow.set(0);
            dow.clear(7);
        }
        this.weekdays = dow;
        this.daysRestricted = !f[2].startsWith("*");
        this.weekdaysRestricted = !f[4].startsWith("*");
    }

    /**
     * Parses {@code text}.
     *
     * @throws IllegalArgumentException {@code cron: '0 25 * * *' hour 25 (expected: 0..23)} and the like
     */
    public static Cron parse(String text) {
        String[] fields = text.strip().split("\\s+");
        if (fields.length != 5) {
            throw new IllegalArgumentException("cron: '" + text + "' (expected: 5 fields: minute hour day-of-month "
                + "month day-of-week)");
        }
        Cron cron;
        try {
            cron = new Cron(text, fields);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("cron: '" + text + "' " + e.getMessage(), e);
        }
        if (!cron.canFire()) {
            throw new IllegalArgumentException("cron: '" + text + "' never fires (expected: a day that exists)");
        }
        return cron;
    }

    private static BitSet field(String f, String name, int min, int max, List<String> names) {
        BitSet bits = new BitSet(max + 1);
        for (String item : f.split(",", -1)) {
            int slash = item.indexOf('/');
            String range = slash < 0 ? item : item.substring(0, slash);
            int step = 1;
            if (slash >= 0) {
                step = number(item.substring(slash + 1), name, 1, max, List.of());
            }
            int from;
            int to;
            if (range.equals("*")) {
                from = min;
                to = max;
            } else {
                int dash = range.indexOf('-');
                from = number(dash < 0 ? range : range.substring(0, dash), name, min, max, names);
                to = dash < 0 ? (slash < 0 ? from : max) : number(range.substring(dash + 1), name, min, max, names);
                if (to < from) {
                    throw new IllegalArgumentException(name + " " + range + " (expected: a range from low to high)");
                }
            }
            for (int v = from; v <= to; v += step) {
                bits.set(v);
            }
        }
        return bits;
    }

    private static int number(String s, String name, int min, int max, List<String> names) {
        int named = names.indexOf(s.toUpperCase(Locale.ROOT));
        if (named >= 0) {
            return named + (names.size() == 12 ? 1 : 0);
        }
        if (!s.matches("[0-9]{1,4}")) {
            throw new IllegalArgumentException(name + " '" + s + "' (expected: a number" + (names.isEmpty() ? ""
                : " or " + names.get(0) + ".." + names.get(names.size() - 1)) + ")");
        }
        int v = Integer.parseInt(s);
        if (v < min || v > max) {
            throw new IllegalArgumentException(name + " " + v + " (expected: " + min + ".." + max + ")");
        }
        return v;
    }

    /** Whether some day of some month matches (February 30 never does). */
    private boolean canFire() {
        if (weekdaysRestricted) {
            return true;
        }
        for (int m = months.nextSetBit(1); m >= 0; m = months.nextSetBit(m + 1)) {
            int first = days.nextSetBit(1);
            if (first >= 0 && first <= Month.of(m).maxLength()) {
                return true;
            }
        }
        return false;
    }

    /** Whether the expression fires on {@code date} at some time. */
    boolean matches(LocalDate date) {
        if (!months.get(date.getMonthValue())) {
            return false;
        }
        boolean day = days.get(date.getDayOfMonth());
        boolean weekday = weekdays.get(date.getDayOfWeek() == DayOfWeek.SUNDAY ? 0 : date.getDayOfWeek().getValue());
        if (daysRestricted && weekdaysRestricted) {
            return day || weekday;
        }
        return day && weekday;
    }

    /** The latest instant at or before {@code now} at which this fires in {@code zone}, or null within eight years. */
    public @Nullable Instant lastFire(Instant now, ZoneId zone) {
        LocalDate date = now.atZone(zone).toLocalDate().plusDays(1);
        for (int d = 0; d <= SEARCH_DAYS; d++, date = date.minusDays(1)) {
            if (!matches(date)) {
                continue;
            }
            for (int h = hours.previousSetBit(23); h >= 0; h = hours.previousSetBit(h - 1)) {
                for (int m = minutes.previousSetBit(59); m >= 0; m = minutes.previousSetBit(m - 1)) {
                    Instant at = fire(date.atTime(h, m), zone);
                    if (!at.isAfter(now)) {
                        return at;
                    }
                }
            }
        }
        return null;
    }

    /** The first instant after {@code after} at which this fires in {@code zone}, or null within eight years. */
    public @Nullable Instant nextFire(Instant after, ZoneId zone) {
        LocalDate date = after.atZone(zone).toLocalDate().minusDays(1);
        for (int d = 0; d <= SEARCH_DAYS; d++, date = date.plusDays(1)) {
            if (!matches(date)) {
                continue;
            }
            for (int h = hours.nextSetBit(0); h >= 0; h = hours.nextSetBit(h + 1)) {
                for (int m = minutes.nextSetBit(0); m >= 0; m = minutes.nextSetBit(m + 1)) {
                    Instant at = fire(date.atTime(h, m), zone);
                    if (at.isAfter(after)) {
                        return at;
                    }
                }
            }
        }
        return null;
    }

    /** When local time {@code t} happens in {@code zone}: the end of a gap it falls in, else its first occurrence. */
    private static Instant fire(LocalDateTime t, ZoneId zone) {
        ZoneOffsetTransition transition = zone.getRules().getTransition(t);
        if (transition != null && transition.isGap()) {
            return transition.getInstant();
        }
        return ZonedDateTime.ofLocal(t, zone, null).toInstant();
    }

    /** The expression as written. */
    @Override
    public String toString() {
        return text;
    }

    @Override
    public boolean equals(@Nullable Object o) {
        return o instanceof Cron c && c.text.equals(text);
    }

    @Override
    public int hashCode() {
        return text.hashCode();
    }
}
