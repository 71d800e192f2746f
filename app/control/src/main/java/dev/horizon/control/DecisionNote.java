package dev.horizon.control;

import dev.horizon.autoscale.Decision;
import dev.horizon.autoscale.DecisionLog;
import java.time.Instant;
import java.time.ZoneOffset;

/**
 * One autoscaler decision that changed a service's count or size, as the dashboard marks it on its charts.
 *
 * @param at          when it was made
 * @param what        what it did in a few words ({@code scaled 2 → 4})
 * @param explanation the decision log's line in plain words, with its time in UTC
 */
public record DecisionNote(Instant at, String what, String explanation) {

    /** The note of {@code d}. */
    static DecisionNote of(Decision d) {
        return new DecisionNote(d.at(), DecisionLog.what(d), DecisionLog.line(d, ZoneOffset.UTC));
    }
}
