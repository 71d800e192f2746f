package dev.horizon.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Every line gets the ISO-8601 local time with milliseconds and the offset, when its first character is written. */
class TimestampedLinesTest {

    private static final Instant T0 = Instant.parse("2026-12-02T01:02:03.456Z");

    /** A clock that moves 1 ms forward each time it is read. */
    private static Clock ticking(ZoneId zone) {
        AtomicLong reads = new AtomicLong();
        return new Clock() {
            @Override
            public ZoneId getZone() {
                return zone;
            }

            @Override
            public Clock withZone(ZoneId z) {
                return ticking(z);
            }

            @Override
            public Instant instant() {
                return T0.plusMillis(reads.getAndIncrement());
            }
        };
    }

    @Test
    void stampsEachLineInUtcWithZ() {
        StringWriter out = new StringWriter();
        PrintWriter log = TimestampedLines.of(out, ticking(ZoneOffset.UTC));

        log.println("horizon: gateway on 127.0.0.1:8080");
        log.println("horizon: reloaded horizon.yaml");

        assertThat(out.toString()).isEqualTo("2026-12-02T01:02:03.456Z horizon: gateway on 127.0.0.1:8080\n"
            + "2026-12-02T01:02:03.457Z horizon: reloaded horizon.yaml\n");
    }

    @Test
    void stampsLocalTimeWithItsOffset() {
        StringWriter out = new StringWriter();
        PrintWriter log = TimestampedLines.of(out, ticking(ZoneId.of("Europe/Paris")));

        log.println("horizon: stopped");

        assertThat(out.toString()).isEqualTo("2026-12-02T02:02:03.456+01:00 horizon: stopped\n");
    }

    @Test
    void aLineWrittenInPiecesIsStampedOnceWhenItBegins() {
        StringWriter out = new StringWriter();
        PrintWriter log = TimestampedLines.of(out, ticking(ZoneOffset.UTC));

        log.print("horizon: ");
        log.print("draining");
        log.println(" (up to 30s)");
        log.print("two\nlines\n\n");
        log.flush();

        assertThat(out.toString()).isEqualTo("2026-12-02T01:02:03.456Z horizon: draining (up to 30s)\n"
            + "2026-12-02T01:02:03.457Z two\n2026-12-02T01:02:03.458Z lines\n2026-12-02T01:02:03.459Z \n");
    }

    @Test
    void nothingIsWrittenBeforeTheFirstCharacter() {
        StringWriter out = new StringWriter();
        PrintWriter log = TimestampedLines.of(out, ticking(ZoneOffset.UTC));

        log.print("");
        log.flush();

        assertThat(out.toString()).isEmpty();
    }
}
