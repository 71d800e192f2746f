package dev.horizon.deploy;

import java.util.Arrays;
import java.util.stream.Collectors;

/** How a new revision replaces the running one. */
public enum Strategy {

    /**
     * Instances of the new revision replace the old ones a few at a time, each new one ready before an old one goes
     * ({@link RollingBudget}): the Kubernetes Deployment's {@code RollingUpdate}.
     */
    ROLLING("rolling"),
    /**
     * The new revision runs at full count beside the old, reachable only through the preview header or cookie, until
     * one switch sends every request to it; the old stays for a while for an instant undo ({@link BlueGreenRun}).
     */
    BLUE_GREEN("blue-green"),
    /**
     * The gateway sends a growing share of the requests to the new revision, step by step, while the analysis
     * compares it with the stable one ({@link CanaryRun}).
     */
    CANARY("canary");

    private final String text;

    Strategy(String text) {
        this.text = text;
    }

    /** The name {@code horizon.yaml} and the command line use: {@code rolling}, {@code blue-green}, {@code canary}. */
    public String text() {
        return text;
    }

    /**
     * The strategy named {@code text}.
     *
     * @throws IllegalArgumentException {@code (expected: rolling, blue-green or canary)}, as the other parsers
     */
    public static Strategy parse(String text) {
        for (Strategy s : values()) {
            if (s.text.equals(text)) {
                return s;
            }
        }
        throw new IllegalArgumentException("(expected: " + Arrays.stream(values())
            .limit(values().length - 1L).map(Strategy::text).collect(Collectors.joining(", ")) + " or "
            + values()[values().length - 1].text + ")");
    }
}
