package dev.horizon.autoscale.proof;

import java.time.Duration;

/** A test-only class that puts durations into messages as ISO text: the duration rule must find each place. */
public final class PrintsADuration {

    private static final Duration PERIOD = Duration.ofMinutes(1);

    private PrintsADuration() {
    }

    /** A parameter concatenated: {@code waited PT1M}. */
    public static String parameter(Duration waited) {
        return "waited " + waited;
    }

    /** A field and a method's result concatenated. */
    public static String field() {
        return "every " + PERIOD + " " + Duration.ofSeconds(90).abs().getNano();
    }

    /** Appended to a builder. */
    public static String appended(Duration d) {
        return new StringBuilder("after ").append(d).toString();
    }

    /** Its toString called. */
    public static String called(Duration d) {
        return d.toString();
    }
}
