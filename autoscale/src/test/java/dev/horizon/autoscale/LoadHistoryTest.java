package dev.horizon.autoscale;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

/** Per-minute means, the retention, gaps, and the text form that survives a restart. */
class LoadHistoryTest {

    private static final Instant T0 = Instant.parse("2030-01-07T12:00:00Z");

    @Test
    void averagesTheReadingsOfEachMinute() {
        LoadHistory h = new LoadHistory(Duration.ofHours(1));

        h.record(T0, 10);
        h.record(T0.plusSeconds(20), 20);
        h.record(T0.plusSeconds(59), 60);
        h.record(T0.plusSeconds(60), 7);

        assertThat(h.mean(T0)).isEqualTo(OptionalDouble.of(30));
        assertThat(h.mean(T0.plusSeconds(90))).isEqualTo(OptionalDouble.of(7));
        assertThat(h.samples(LoadHistory.minuteOf(T0))).isEqualTo(3);
        assertThat(h.minutes()).isEqualTo(2);
    }

    @Test
    void aMinuteWithoutReadingsIsAGapNotAZero() {
        LoadHistory h = new LoadHistory(Duration.ofHours(1));

        h.record(T0, 10);
        h.record(T0.plusSeconds(180), 40);

        assertThat(h.mean(T0.plusSeconds(60))).isEmpty();
        assertThat(h.mean(T0.plusSeconds(120))).isEmpty();
        assertThat(h.mean(T0.plusSeconds(180))).isEqualTo(OptionalDouble.of(40));
        assertThat(h.minutes()).isEqualTo(2);
    }

    @Test
    void keepsOnlyTheRetention() {
        LoadHistory h = new LoadHistory(Duration.ofMinutes(3));
        for (int m = 0; m < 5; m++) {
            h.record(T0.plusSeconds(60L * m), m);
        }

        assertThat(h.mean(T0.plusSeconds(60))).isEmpty();
        assertThat(h.mean(T0.plusSeconds(120))).isEqualTo(OptionalDouble.of(2));
        assertThat(h.oldest()).isEqualTo(T0.plusSeconds(120));
        assertThat(h.span(T0.plusSeconds(4 * 60 + 30))).isEqualTo(Duration.ofMinutes(2));
        h.record(T0, 99);  // older than the retention: dropped
        assertThat(h.minutes()).isEqualTo(3);
    }

    @Test
    void aJumpPastTheRetentionClearsEverything() {
        LoadHistory h = new LoadHistory(Duration.ofMinutes(3));
        h.record(T0, 1);
        h.record(T0.plusSeconds(60), 2);

        h.record(T0.plusSeconds(3600), 5);

        assertThat(h.minutes()).isEqualTo(1);
        assertThat(h.oldest()).isEqualTo(T0.plusSeconds(3600));
        assertThat(h.toText()).isEqualTo("# horizon load history: minute (UTC), mean, samples\n"
            + "2030-01-07T13:00:00Z,5.0,1\n");
    }

    @Test
    void textRoundTripKeepsEveryMeanBitForBitAndAHalfRecordedMinuteGoesOnAveraging() {
        LoadHistory h = new LoadHistory(Duration.ofDays(15));
        h.record(T0, 1.0 / 3);
        h.record(T0.plusSeconds(1), 0.1);
        h.record(T0.plusSeconds(120), 412.5);

        String text = h.toText();
        LoadHistory back = LoadHistory.parse(text, Duration.ofDays(15));

        assertThat(text).isEqualTo("# horizon load history: minute (UTC), mean, samples\n"
            + "2030-01-07T12:00:00Z,0.21666666666666667,2\n"
            + "2030-01-07T12:02:00Z,412.5,1\n");
        assertThat(back.toText()).isEqualTo(text);
        assertThat(back.mean(T0)).isEqualTo(h.mean(T0));
        back.record(T0.plusSeconds(150), 587.5);
        assertThat(back.mean(T0.plusSeconds(120))).isEqualTo(OptionalDouble.of(500));
    }

    @Test
    void parsingWithAShorterRetentionKeepsTheNewestMinutes() {
        LoadHistory h = new LoadHistory(Duration.ofDays(1));
        for (int m = 0; m < 10; m++) {
            h.record(T0.plusSeconds(60L * m), m);
        }

        LoadHistory shorter = h.withRetention(Duration.ofMinutes(4));

        assertThat(shorter.minutes()).isEqualTo(4);
        assertThat(shorter.oldest()).isEqualTo(T0.plusSeconds(6 * 60));
        assertThat(shorter.retention()).isEqualTo(Duration.ofMinutes(4));
    }

    @Test
    void badTextNamesTheLine() {
        String header = "# horizon load history: minute (UTC), mean, samples\n";

        assertThatThrownBy(() -> LoadHistory.parse(header + "2030-01-07T12:00:00Z,5.0\n", Duration.ofDays(1)))
            .hasMessage("line 2: '2030-01-07T12:00:00Z,5.0' (expected: MINUTE,MEAN,SAMPLES like "
                + "2030-01-07T12:00:00Z,41.5,60: a whole UTC minute, a mean >= 0, a count >= 1)");
        assertThatThrownBy(() -> LoadHistory.parse("2030-01-07T12:00:30Z,5.0,1", Duration.ofDays(1)))
            .hasMessageStartingWith("line 1: '2030-01-07T12:00:30Z,5.0,1' (expected: MINUTE,MEAN,SAMPLES");
        assertThatThrownBy(() -> LoadHistory.parse("2030-01-07T12:00:00Z,-1,1", Duration.ofDays(1)))
            .hasMessageStartingWith("line 1: '2030-01-07T12:00:00Z,-1,1' (expected:");
        assertThatThrownBy(() -> LoadHistory.parse("2030-01-07T12:01:00Z,1,1\n\n2030-01-07T12:00:00Z,1,1",
            Duration.ofDays(1))).hasMessage("line 3: minute 2030-01-07T12:00:00Z (expected: after the previous "
                + "line's 2030-01-07T12:01:00Z)");
    }

    @Test
    void refusesANegativeLoad() {
        LoadHistory h = new LoadHistory(Duration.ofDays(1));

        assertThatThrownBy(() -> h.record(T0, -1)).hasMessage("load: -1.0 (expected: a non-negative number)");
    }

    @Test
    void spansReadAsDecisionsWriteThem() {
        assertThat(LoadHistory.span(0)).isEqualTo("0m");
        assertThat(LoadHistory.span(45)).isEqualTo("45m");
        assertThat(LoadHistory.span(180)).isEqualTo("3h");
        assertThat(LoadHistory.span(1439)).isEqualTo("23h59m");
        assertThat(LoadHistory.span(3 * 1440 + 240)).isEqualTo("3d4h");
    }
}
