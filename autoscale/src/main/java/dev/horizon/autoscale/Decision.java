package dev.horizon.autoscale;

import dev.horizon.sizing.Resources;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One evaluation of a service's size and why it came out as it did: the inputs, every metric's proposal, what the
 * stabilization window, the scale-in hold, the rate limits and the bounds did, and the result.
 *
 * @param at            when it was evaluated
 * @param current       the count it started from
 * @param facts         what the fleet reported
 * @param proposals     each metric's and each step policy's proposal, in policy order
 * @param raw           the recommendation before stabilization (the largest proposal; the current count when there
 *                      was nothing to act on)
 * @param stabilization what the stabilization window did to {@code raw}
 * @param hold          what the scale-in hold did (no scale-in while instances start or warm up)
 * @param rateLimit     what the rate limits did
 * @param bounds        the minimum and maximum in force, and the scheduled actions that set them
 * @param clamp         what the bounds did
 * @param desired       the count the service should have
 * @param explanation   the whole decision in plain words
 * @param strategy      the strategy that decided ({@code autoscale.strategy})
 * @param sizing        what became of the instances' size
 */
public record Decision(Instant at, int current, FleetFacts facts, List<Proposal> proposals, int raw,
                       Stage stabilization, Stage hold, Stage rateLimit, Bounds bounds, Stage clamp, int desired,
                       String explanation, Strategy strategy, Sizing sizing) {

    /** Copies the proposals. */
    public Decision {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(strategy, "strategy");
        Objects.requireNonNull(sizing, "sizing");
        proposals = List.copyOf(proposals);
    }

    /**
     * The size dimension of a decision.
     *
     * @param before         every instance's size going in
     * @param raw            the size the strategy planned, before stabilization and guards
     * @param after          the size the instances should have
     * @param capacity       the CPU the service needs at its targets, in millicores (NaN when not computed)
     * @param note           what stabilization, the recommender's floor and the capacity guard did, empty when
     *                       nothing
     * @param recommendation the vertical recommender's advice at this evaluation, null without a vertical policy
     */
    public record Sizing(Resources before, Resources raw, Resources after, double capacity, String note,
                         @Nullable Recommendation recommendation) {
        /** Checks the sizes are present. */
        public Sizing {
            Objects.requireNonNull(before, "before");
            Objects.requireNonNull(raw, "raw");
            Objects.requireNonNull(after, "after");
            Objects.requireNonNull(note, "note");
        }

        /** The size {@code size} kept as it is. */
        public static Sizing none(Resources size) {
            return new Sizing(size, size, size, Double.NaN, "", null);
        }

        /** Whether the size changes. */
        public boolean resizes() {
            return !before.equals(after);
        }
    }

    /** Whether the decision resizes the instances. */
    public boolean resizes() {
        return sizing.resizes();
    }

    /** Whether the decision changes the count or the size. */
    public boolean changes() {
        return scales() || resizes();
    }

    /** The pair going in. */
    public Shape before() {
        return new Shape(sizing.before(), current);
    }

    /** The pair the service should have. */
    public Shape after() {
        return new Shape(sizing.after(), desired);
    }

    /**
     * One stage of the pipeline: the count going in, the count coming out, and a note when they differ.
     *
     * @param before the count going in
     * @param after  the count coming out
     * @param note   what the stage did in plain words, empty when it changed nothing
     */
    public record Stage(int before, int after, String note) {
        /** A stage that passed {@code count} through. */
        static Stage none(int count) {
            return new Stage(count, count, "");
        }
    }

    /**
     * The bounds in force.
     *
     * @param min        the minimum
     * @param max        the maximum
     * @param schedules  the scheduled actions whose bounds are in force, as {@code "CRON" ZONE}
     */
    public record Bounds(int min, int max, List<String> schedules) {
        /** Copies the list. */
        public Bounds {
            schedules = List.copyOf(schedules);
        }

        /** {@code count} brought within the bounds, with a note when it moved. */
        Stage clamp(int count) {
            if (count > max) {
                return new Stage(count, max, "capped at the maximum " + max + from());
            }
            if (count < min) {
                return new Stage(count, min, "raised to the minimum " + min + from());
            }
            return Stage.none(count);
        }

        private String from() {
            return schedules.isEmpty() ? "" : " (set by " + String.join(", ", schedules) + ")";
        }
    }

    /** Whether the decision changes the count. */
    public boolean scales() {
        return desired != current;
    }
}
