package dev.horizon.autoscale;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.BitSet;
import java.util.random.RandomGenerator;
import java.util.random.RandomGeneratorFactory;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/** Cron parsing, the day-of-month/day-of-week rule, and firing across daylight saving time. */
class CronTest {

    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");

    private static Instant at(String utc) {
        return Instant.parse(utc);
    }

    @Test
    void skippedTimeInBerlinFiresWhenTheGapEnds() {
        Cron cron = Cron.parse("30 2 * * *");

        // 2026-03-29: 02:00 CET jumps to 03:00 CEST (01:00 UTC); 02:30 does not exist
        assertThat(cron.nextFire(at("2026-03-28T12:00:00Z"), BERLIN)).isEqualTo(at("2026-03-29T01:00:00Z"));
        assertThat(cron.nextFire(at("2026-03-29T01:00:00Z"), BERLIN)).isEqualTo(at("2026-03-30T00:30:00Z"));
        assertThat(cron.lastFire(at("2026-03-29T01:00:00Z"), BERLIN)).isEqualTo(at("2026-03-29T01:00:00Z"));
        assertThat(cron.lastFire(at("2026-03-29T00:59:59Z"), BERLIN)).isEqualTo(at("2026-03-28T01:30:00Z"));
    }

    @Test
    void repeatedTimeInBerlinFiresOnce() {
        Cron cron = Cron.parse("30 2 * * *");

        // 2026-10-25: 03:00 CEST goes back to 02:00 CET (01:00 UTC); 02:30 happens at 00:30 and 01:30 UTC
        assertThat(cron.nextFire(at("2026-10-24T12:00:00Z"), BERLIN)).isEqualTo(at("2026-10-25T00:30:00Z"));
        assertThat(cron.nextFire(at("2026-10-25T00:30:00Z"), BERLIN)).isEqualTo(at("2026-10-26T01:30:00Z"));
        assertThat(cron.lastFire(at("2026-10-25T01:45:00Z"), BERLIN)).isEqualTo(at("2026-10-25T00:30:00Z"));
    }

    @Test
    void skippedTimeInNewYorkFiresWhenTheGapEnds() {
        // 2026-03-08: 02:00 EST jumps to 03:00 EDT (07:00 UTC)
        assertThat(Cron.parse("30 2 * * *").nextFire(at("2026-03-07T12:00:00Z"), NEW_YORK))
            .isEqualTo(at("2026-03-08T07:00:00Z"));
        // every quarter hour inside the gap collapses onto one firing at 03:00 EDT, then 03:15
        Cron quarter = Cron.parse("*/15 * * * *");
        assertThat(quarter.nextFire(at("2026-03-08T06:45:00Z"), NEW_YORK)).isEqualTo(at("2026-03-08T07:00:00Z"));
        assertThat(quarter.nextFire(at("2026-03-08T07:00:00Z"), NEW_YORK)).isEqualTo(at("2026-03-08T07:15:00Z"));
    }

    @Test
    void repeatedHourInNewYorkFiresOnce() {
        // 2026-11-01: 02:00 EDT goes back to 01:00 EST (06:00 UTC); 01:30 happens at 05:30 and 06:30 UTC
        Cron cron = Cron.parse("30 1 * * *");
        assertThat(cron.nextFire(at("2026-10-31T12:00:00Z"), NEW_YORK)).isEqualTo(at("2026-11-01T05:30:00Z"));
        assertThat(cron.nextFire(at("2026-11-01T05:30:00Z"), NEW_YORK)).isEqualTo(at("2026-11-02T06:30:00Z"));
        // an every-quarter-hour cron is quiet during the second 01:00-02:00 and resumes at 02:00 EST
        Cron quarter = Cron.parse("*/15 * * * *");
        assertThat(quarter.nextFire(at("2026-11-01T05:45:00Z"), NEW_YORK)).isEqualTo(at("2026-11-01T07:00:00Z"));
    }

    @Test
    void weekdayMorningsInUtc() {
        Cron cron = Cron.parse("0 9 * * MON-FRI");

        // Saturday 2026-01-10: the last firing was Friday 09:00; the next is Monday 09:00
        assertThat(cron.lastFire(at("2026-01-10T12:00:00Z"), ZoneOffset.UTC)).isEqualTo(at("2026-01-09T09:00:00Z"));
        assertThat(cron.nextFire(at("2026-01-10T12:00:00Z"), ZoneOffset.UTC)).isEqualTo(at("2026-01-12T09:00:00Z"));
        assertThat(cron.lastFire(at("2026-01-12T09:00:00Z"), ZoneOffset.UTC)).isEqualTo(at("2026-01-12T09:00:00Z"));
    }

    @Test
    void restrictedDayOfMonthAndDayOfWeekMatchEither() {
        Cron either = Cron.parse("0 0 13 * FRI");
        // 2026-02-13 is a Friday; 2026-03-13 too; 2026-02-20 is a Friday; 2026-04-13 is a Monday
        assertThat(either.matches(LocalDateTime.parse("2026-02-20T00:00").toLocalDate())).isTrue();
        assertThat(either.matches(LocalDateTime.parse("2026-04-13T00:00").toLocalDate())).isTrue();
        assertThat(either.matches(LocalDateTime.parse("2026-04-14T00:00").toLocalDate())).isFalse();
        // a day-of-month field starting with * leaves only the day of week (as Vixie cron)
        Cron both = Cron.parse("0 0 */1 * FRI");
        assertThat(both.matches(LocalDateTime.parse("2026-04-13T00:00").toLocalDate())).isFalse();
        assertThat(both.matches(LocalDateTime.parse("2026-04-17T00:00").toLocalDate())).isTrue();
    }

    @Test
    void namesListsStepsAndSundayAsSeven() {
        Cron cron = Cron.parse("0,30 */6 1-7 jan,Jul SUN");
        assertThat(cron.nextFire(at("2026-01-01T00:00:00Z"), ZoneOffset.UTC)).isEqualTo(at("2026-01-01T00:30:00Z"));
        assertThat(Cron.parse("0 0 * * 7").nextFire(at("2026-01-01T00:00:00Z"), ZoneOffset.UTC))
            .isEqualTo(at("2026-01-04T00:00:00Z"));
        assertThat(Cron.parse("15/20 * * * *").nextFire(at("2026-01-01T00:36:00Z"), ZoneOffset.UTC))
            .isEqualTo(at("2026-01-01T00:55:00Z"));
    }

    @Test
    void badExpressionsAreRefusedWithTheField() {
        assertThatThrownBy(() -> Cron.parse("0 25 * * *")).hasMessage("cron: '0 25 * * *' hour 25 (expected: 0..23)");
        assertThatThrownBy(() -> Cron.parse("* * *"))
            .hasMessage("cron: '* * *' (expected: 5 fields: minute hour day-of-month month day-of-week)");
        assertThatThrownBy(() -> Cron.parse("0 0 * * FUNDAY"))
            .hasMessage("cron: '0 0 * * FUNDAY' day of week 'FUNDAY' (expected: a number or SUN..SAT)");
        assertThatThrownBy(() -> Cron.parse("0 0 * * FRI-MON"))
            .hasMessage("cron: '0 0 * * FRI-MON' day of week FRI-MON (expected: a range from low to high)");
        assertThatThrownBy(() -> Cron.parse("0 0 30 2 *"))
            .hasMessage("cron: '0 0 30 2 *' never fires (expected: a day that exists)");
        assertThatThrownBy(() -> Cron.parse("*/0 * * * *"))
            .hasMessage("cron: '*/0 * * * *' minute 0 (expected: 1..59)");
    }

    /** A field written at random, and the values it means, computed independently of the parser. */
    private record Field(String text, BitSet values) {
    }

    private static Field field(RandomGenerator r, int min, int max) {
        int a = min + r.nextInt(max - min + 1);
        int b = a + r.nextInt(max - a + 1);
        int step = 1 + r.nextInt(Math.max(1, (max - min) / 3));
        BitSet v = new BitSet();
        return switch (r.nextInt(5)) {
            case 0 -> {
                v.set(min, max + 1);
                yield new Field("*", v);
            }
            case 1 -> {
                v.set(a);
                yield new Field(Integer.toString(a), v);
            }
            case 2 -> {
                v.set(a, b + 1);
                yield new Field(a + "-" + b, v);
            }
            case 3 -> {
                for (int i = min; i <= max; i += step) {
                    v.set(i);
                }
                yield new Field("*/" + step, v);
            }
            default -> {
                v.set(a);
                v.set(b);
                yield new Field(a + "," + b, v);
            }
        };
    }

    private static @Nullable Instant reference(Field[] f, Instant after) {
        LocalDateTime t = LocalDateTime.ofInstant(after, ZoneOffset.UTC).truncatedTo(ChronoUnit.MINUTES).plusMinutes(1);
        boolean domRestricted = !f[2].text().startsWith("*");
        boolean dowRestricted = !f[4].text().startsWith("*");
        for (int i = 0; i < 400 * 24 * 60; i++, t = t.plusMinutes(1)) {
            int dow = t.getDayOfWeek() == DayOfWeek.SUNDAY ? 0 : t.getDayOfWeek().getValue();
            boolean dom = f[2].values().get(t.getDayOfMonth());
            boolean wd = f[4].values().get(dow) || dow == 0 && f[4].values().get(7);
            boolean day = domRestricted && dowRestricted ? dom || wd : dom && wd;
            if (f[0].values().get(t.getMinute()) && f[1].values().get(t.getHour()) && day
                && f[3].values().get(t.getMonthValue())) {
                return t.toInstant(ZoneOffset.UTC);
            }
        }
        return null;
    }

    @Test
    void nextFireAgreesWithMinuteByMinuteSearchInUtc() {
        RandomGenerator r = RandomGeneratorFactory.of("L64X128MixRandom").create(42);
        int checked = 0;
        while (checked < 60) {
            Field[] f = {field(r, 0, 59), field(r, 0, 23), field(r, 1, 28), field(r, 1, 12), field(r, 0, 7)};
            String text = f[0].text() + " " + f[1].text() + " " + f[2].text() + " " + f[3].text() + " " + f[4].text();
            Instant after = at("2026-01-01T00:00:00Z").plus(Duration.ofMinutes(r.nextInt(365 * 24 * 60)));
            Instant expected = reference(f, after);
            if (expected == null) {
                continue;
            }
            assertThat(Cron.parse(text).nextFire(after, ZoneOffset.UTC)).as(text + " after " + after)
                .isEqualTo(expected);
            assertThat(Cron.parse(text).lastFire(expected, ZoneOffset.UTC)).as(text).isEqualTo(expected);
            checked++;
        }
    }
}
