package dev.horizon.autoscale;

import dev.horizon.duration.DurationText;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The history of raw recommendations and the stabilization it implies: a scale-up goes no higher than the lowest
 * recommendation inside the up-window, a scale-down no lower than the highest inside the down-window.
 *
 * <p>Implementation notes: {@code stabilizeRecommendationWithBehaviors} in the HPA's {@code horizontal.go}. The
 * bounds start at the new recommendation and take in every recorded one strictly after {@code now - window}; the
 * current count is then raised to the up-bound and lowered to the down-bound. The new recommendation is recorded after
 * the bounds are computed; recommendations older than both windows are dropped (the HPA overwrites one of them in
 * place, which keeps the same ones in play).
 */
final class StabilizationWindow {

    private record Recommendation(int replicas, Instant at) {
    }

    private final List<Recommendation> history = new ArrayList<>();
    private final String unit;

    /** A window over counts. */
    StabilizationWindow() {
        this("");
    }

    /** A window over amounts written with {@code unit} ({@code m} for a size's millicores). */
    StabilizationWindow(String unit) {
        this.unit = unit;
    }

    /** Whether nothing has been recorded yet. */
    boolean isEmpty() {
        return history.isEmpty();
    }

    /** Records {@code replicas} as recommended at {@code at}, without stabilizing anything. */
    void record(Instant at, int replicas) {
        history.add(new Recommendation(replicas, at));
    }

    /** The count {@code raw} stabilizes to from {@code current}, with what the windows did; then records raw. */
    Decision.Stage stabilize(Instant now, int current, int raw, Behavior behavior) {
        Duration upWindow = behavior.scaleUp().stabilization();
        Duration downWindow = behavior.scaleDown().stabilization();
        Instant upCutoff = now.minus(upWindow);
        Instant downCutoff = now.minus(downWindow);
        int up = raw;
        int down = raw;
        for (Recommendation r : history) {
            if (r.at().isAfter(upCutoff)) {
                up = Math.min(up, r.replicas());
            }
            if (r.at().isAfter(downCutoff)) {
                down = Math.max(down, r.replicas());
            }
        }
        int stabilized = Math.min(Math.max(current, up), down);
        history.removeIf(r -> r.at().isBefore(upCutoff) && r.at().isBefore(downCutoff));
        history.add(new Recommendation(raw, now));
        String note = "";
        if (stabilized < raw) {
            note = "scale-up stabilization over " + DurationText.format(upWindow) + " allowed " + stabilized
                + unit + " (the lowest recommendation in the window)";
        } else if (stabilized > raw) {
            note = "scale-down stabilization over " + DurationText.format(downWindow) + " held " + stabilized
                + unit + " (the highest recommendation in the window)";
        }
        return new Decision.Stage(raw, stabilized, note);
    }
}
