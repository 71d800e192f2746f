package dev.horizon.autoscale;

import dev.horizon.duration.DurationText;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * How one direction of scaling behaves (the HPA's {@code HPAScalingRules}): a stabilization window over past
 * recommendations, and rate policies of which {@link #select} picks one.
 *
 * @param stabilization how far back recommendations are considered, 0s..1h
 * @param policies      the rate policies; at least one unless {@code select} is {@link Select#DISABLED}
 * @param select        which policy applies
 */
public record Rules(Duration stabilization, List<RatePolicy> policies, Select select) {

    /** The HPA's scale-up default: no stabilization, at most max(+4 instances, +100 %) per 15 s. */
    public static final Rules DEFAULT_SCALE_UP = new Rules(Duration.ZERO, List.of(
        RatePolicy.instances(4, Duration.ofSeconds(15)), RatePolicy.percent(100, Duration.ofSeconds(15))),
        Select.MAX);
    /** The HPA's scale-down default: a 300 s stabilization window, at most 100 % per 15 s. */
    public static final Rules DEFAULT_SCALE_DOWN = new Rules(Duration.ofSeconds(300), List.of(
        RatePolicy.percent(100, Duration.ofSeconds(15))), Select.MAX);

    /** Validates the window and the policies. */
    public Rules {
        Objects.requireNonNull(select, "select");
        if (stabilization.isNegative() || stabilization.compareTo(Duration.ofHours(1)) > 0) {
            throw new IllegalArgumentException("stabilization: " + DurationText.format(stabilization)
                + " (expected: 0s..1h)");
        }
        policies = List.copyOf(policies);
        if (policies.isEmpty() && select != Select.DISABLED) {
            throw new IllegalArgumentException("policies: [] (expected: at least one policy, or select: disabled)");
        }
    }

    /** {@code max(+4, +100 %) per 15s}: the policies as the decision log writes them. */
    String describe(boolean up) {
        if (select == Select.DISABLED) {
            return "disabled";
        }
        boolean samePeriod = policies.stream().allMatch(p -> p.period().equals(policies.get(0).period()));
        StringBuilder b = new StringBuilder();
        for (RatePolicy p : policies) {
            b.append(b.isEmpty() ? "" : ", ").append(p.change(up));
            if (!samePeriod) {
                b.append(" per ").append(DurationText.format(p.period()));
            }
        }
        String body = policies.size() == 1 ? b.toString()
            : select.name().toLowerCase(Locale.ROOT) + "(" + b + ")";
        return samePeriod ? body + " per " + DurationText.format(policies.get(0).period()) : body;
    }

    /** The longest period of the policies, zero when there are none. */
    Duration longestPeriod() {
        Duration longest = Duration.ZERO;
        for (RatePolicy p : policies) {
            if (p.period().compareTo(longest) > 0) {
                longest = p.period();
            }
        }
        return longest;
    }
}
