package dev.horizon.duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class DurationTextTest {

    @Test
    void parsesEveryUnit() {
        assertThat(DurationText.parse("250ms")).isEqualTo(Duration.ofMillis(250));
        assertThat(DurationText.parse("2s")).isEqualTo(Duration.ofSeconds(2));
        assertThat(DurationText.parse("5m")).isEqualTo(Duration.ofMinutes(5));
        assertThat(DurationText.parse("1h")).isEqualTo(Duration.ofHours(1));
        assertThat(DurationText.parse("0s")).isEqualTo(Duration.ZERO);
        assertThat(DurationText.parse("1.5s")).isEqualTo(Duration.ofMillis(1500));
        assertThat(DurationText.parse("0.25h")).isEqualTo(Duration.ofMinutes(15));
        assertThat(DurationText.parse("2562047h")).isEqualTo(Duration.ofHours(2_562_047));
    }

    @Test
    void refusesBareNumbersSpacesSignsAndOtherUnits() {
        for (String bad : new String[] {"30", "2 s", "-1s", "+1s", "1.s", ".5s", "1d", "1S", "1sec", "s", "", "1e3ms",
            "PT1S"}) {
            assertThatThrownBy(() -> DurationText.parse(bad)).as(bad)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("(expected: a duration like 250ms, 2s, 5m, 1h)");
        }
    }

    @Test
    void refusesWhatDoesNotFitInNanoseconds() {
        assertThatThrownBy(() -> DurationText.parse("2562048h")).hasMessage("(expected: at most 2562047h)");
        assertThatThrownBy(() -> DurationText.parse("0.0000000001s"))
            .hasMessage("(expected: a whole number of nanoseconds)");
    }

    /** Random values in every unit, with and without a fraction, against long arithmetic. */
    @Test
    void agreesWithAReferenceOnRandomDurations() {
        SplittableRandom random = new SplittableRandom(42);
        String[] units = {"ms", "s", "m", "h"};
        long[] unitNanos = {1_000_000L, 1_000_000_000L, 60_000_000_000L, 3_600_000_000_000L};
        for (int i = 0; i < 10_000; i++) {
            int u = random.nextInt(units.length);
            long whole = random.nextLong(1_000_000);
            int fractionDigits = random.nextInt(4);
            long fraction = fractionDigits == 0 ? 0 : random.nextLong((long) Math.pow(10, fractionDigits));
            String fractionText = fractionDigits == 0 ? "" : "." + String.format("%0" + fractionDigits + "d", fraction);
            String text = whole + fractionText + units[u];
            long expected = whole * unitNanos[u] + fraction * unitNanos[u] / (long) Math.pow(10, fractionDigits);

            assertThat(DurationText.parse(text)).as(text).isEqualTo(Duration.ofNanos(expected));
        }
    }

    @Test
    void formatsInWholeSecondsElseWholeMilliseconds() {
        assertThat(DurationText.format(Duration.ZERO)).isEqualTo("0s");
        assertThat(DurationText.format(Duration.ofMillis(250))).isEqualTo("250ms");
        assertThat(DurationText.format(Duration.ofMillis(1500))).isEqualTo("1500ms");
        assertThat(DurationText.format(Duration.ofSeconds(2))).isEqualTo("2s");
        assertThat(DurationText.format(Duration.ofSeconds(90))).isEqualTo("90s");
        assertThat(DurationText.format(Duration.ofMinutes(5))).isEqualTo("300s");
        assertThat(DurationText.format(Duration.ofHours(1))).isEqualTo("3600s");
    }

    @Test
    void formatsFractionsOfAMillisecondExactly() {
        assertThat(DurationText.format(Duration.ofNanos(1))).isEqualTo("0.000001ms");
        assertThat(DurationText.format(Duration.ofNanos(1_500_000))).isEqualTo("1.5ms");
        assertThat(DurationText.format(Duration.ofNanos(1_000_000_500))).isEqualTo("1.0000005s");
        assertThat(DurationText.format(Duration.ofNanos(Long.MAX_VALUE))).isEqualTo("9223372036.854775807s");
    }

    @Test
    void formatsNegativeAndHugeDurationsWithoutIsoText() {
        assertThat(DurationText.format(Duration.ofSeconds(-1))).isEqualTo("-1s");
        assertThat(DurationText.format(Duration.ofMillis(-1500))).isEqualTo("-1500ms");
        assertThat(DurationText.format(Duration.ofSeconds(Long.MAX_VALUE, 999_999_999)))
            .isEqualTo("9223372036854775807.999999999s");
        assertThat(DurationText.format(Duration.ofSeconds(Long.MIN_VALUE))).isEqualTo("-9223372036854775808s");
    }

    /** What {@code format} writes, {@code parse} reads back as the same duration. */
    @Test
    void formatReadsBackAsTheSameDuration() {
        SplittableRandom random = new SplittableRandom(7);
        long[] scales = {1, 1_000, 1_000_000, 1_000_000_000L};
        for (int i = 0; i < 10_000; i++) {
            long scale = scales[random.nextInt(scales.length)];
            Duration d = Duration.ofNanos(random.nextLong(Long.MAX_VALUE / scale) * scale);

            assertThat(DurationText.parse(DurationText.format(d))).as(DurationText.format(d)).isEqualTo(d);
        }
    }

    @Test
    void roundsMeasuredDurationsShort() {
        assertThat(DurationText.rounded(Duration.ZERO)).isEqualTo("0s");
        assertThat(DurationText.rounded(Duration.ofNanos(1))).isEqualTo("1ms");
        assertThat(DurationText.rounded(Duration.ofMillis(250))).isEqualTo("250ms");
        assertThat(DurationText.rounded(Duration.ofMillis(999).plusNanos(1))).isEqualTo("1000ms");
        assertThat(DurationText.rounded(Duration.ofSeconds(2))).isEqualTo("2s");
        assertThat(DurationText.rounded(Duration.ofMillis(1500))).isEqualTo("1.5s");
        assertThat(DurationText.rounded(Duration.ofMillis(7830))).isEqualTo("7.8s");
        assertThat(DurationText.rounded(Duration.ofMinutes(5))).isEqualTo("5m");
        assertThat(DurationText.rounded(Duration.ofSeconds(270))).isEqualTo("4m30s");
        assertThat(DurationText.rounded(Duration.ofSeconds(-1))).isEqualTo("-1s");
        assertThat(DurationText.rounded(Duration.ofDays(400))).isEqualTo("153722867m16s");
    }
}
