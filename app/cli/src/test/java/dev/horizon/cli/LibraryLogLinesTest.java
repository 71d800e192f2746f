package dev.horizon.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.horizon.control.TimestampedLines;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * The libraries' messages in the horizon process (SLF4J for Netty, Lettuce and HikariCP; {@link System.Logger} for
 * the fleet) come out of SLF4J's simple provider as one line each, stamped like Horizon's own lines.
 */
class LibraryLogLinesTest {

    /** ISO-8601 local time with milliseconds and the offset, as {@link TimestampedLines#PATTERN} writes it. */
    private static final String STAMP = "\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}(Z|[+-]\\d{2}:\\d{2})";

    private final PrintStream stderr = System.err;
    private final ByteArrayOutputStream captured = new ByteArrayOutputStream();

    @AfterEach
    void restore() {
        System.setErr(stderr);
    }

    private String capture(Runnable logging) {
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            logging.run();
        } finally {
            System.setErr(stderr);
        }
        return captured.toString(StandardCharsets.UTF_8);
    }

    @Test
    void slf4jIsBoundToTheSimpleProviderWithHorizonsTimestamp() throws Exception {
        assertThat(LoggerFactory.getILoggerFactory().getClass().getName())
            .isEqualTo("org.slf4j.simple.SimpleLoggerFactory");
        Properties config = new Properties();
        try (InputStream in = getClass().getClassLoader().getResourceAsStream("simplelogger.properties")) {
            assertThat(in).isNotNull();
            config.load(in);
        }
        assertThat(config.getProperty("org.slf4j.simpleLogger.dateTimeFormat")).isEqualTo(TimestampedLines.PATTERN);
    }

    @Test
    void anSlf4jWarningIsOneStampedLine() {
        String out = capture(() -> LoggerFactory.getLogger("io.netty.channel.DefaultChannelPipeline")
            .warn("something went wrong"));

        assertThat(out).matches(STAMP + " WARN DefaultChannelPipeline - something went wrong\\R");
    }

    @Test
    void aSystemLoggerErrorGoesThroughTheSameProvider() {
        String out = capture(() -> System.getLogger("dev.horizon.fleet.Fleet")
            .log(System.Logger.Level.ERROR, "fleet shop: cannot start"));

        assertThat(out).matches(STAMP + " ERROR Fleet - fleet shop: cannot start\\R");
    }

    @Test
    void infoAndDebugStayQuietSoTheDemosStatusLineIsNotBroken() {
        String out = capture(() -> {
            LoggerFactory.getLogger("com.zaxxer.hikari.HikariDataSource").info("HikariPool-1 - Starting...");
            System.getLogger("dev.horizon.fleet.Fleet").log(System.Logger.Level.INFO, "started");
        });

        assertThat(out).isEmpty();
    }
}
