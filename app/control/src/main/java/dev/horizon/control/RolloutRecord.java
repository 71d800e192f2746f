package dev.horizon.control;

import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A service's rollout as {@code rollout.json} keeps it and {@code horizon rollout status --json} shows it: enough for
 * a restarted Horizon to start the right revisions and resume the rollout (or hold it).
 *
 * @param service    the service
 * @param strategy   {@code rolling}, {@code blue-green} or {@code canary}
 * @param stable     the revision that served when the rollout began
 * @param revision   the revision being rolled out
 * @param phase      {@code progressing}, {@code paused}, {@code promoted}, {@code aborted} or {@code rolled-back}
 * @param weight     the share of requests the new revision gets, in percent (0..100; rolling: its share of instances)
 * @param step       the canary step under way, 1-based (0 before the first; blue-green and rolling: 0)
 * @param steps      the number of canary steps (0 for the other strategies)
 * @param reason     the latest reason in plain words (why it paused, aborted or rolled back, or what it waits for)
 * @param started    when it began, ISO-8601
 * @param failures   failed analysis runs so far
 * @param inconclusive inconclusive analysis runs in a row
 * @param switched   blue-green: when traffic switched to the new revision, ISO-8601, or null
 * @param analysis   the latest analysis verdicts, newest last (at most {@link #ANALYSIS_KEPT})
 */
public record RolloutRecord(String service, String strategy, int stable, int revision, String phase, double weight,
                            int step, int steps, String reason, String started, int failures, int inconclusive,
                            @Nullable String switched, List<String> analysis) {

    /** Analysis verdicts kept in the record. */
    public static final int ANALYSIS_KEPT = 10;

    /** Validates and copies. */
    public RolloutRecord {
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(strategy, "strategy");
        Objects.requireNonNull(phase, "phase");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(started, "started");
        analysis = List.copyOf(analysis);
    }

    /** Whether the rollout still needs driving (progressing or paused). */
    boolean open() {
        return phase.equals("progressing") || phase.equals("paused");
    }

    /** The revision that serves once nothing is under way: the new one after a promotion, else the stable one. */
    int serving() {
        return phase.equals("promoted") ? revision : stable;
    }
}
