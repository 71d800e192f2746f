package dev.horizon.sim.plan;

import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * The planner's answer: which strategy, and why, in one sentence.
 *
 * <p>A strategy <em>meets the SLO</em> when at most {@code budget} of the trace's minutes had a p95 above the SLO and
 * at most the same share of its requests failed (1 % by default: a 99 % objective over the period, as an SRE error
 * budget counts it). Of those that meet it the cheapest wins; when none does, the one with the fewest minutes over
 * (then the fewest failures, then the cheapest) is named as the closest, and the sentence says that none met it.
 * The sentence puts the winner's cost beside the clairvoyant bound, and for a strategy that sizes instances it says
 * where vertical stops paying, in the seeds' terms: up to the largest size, then out.
 *
 * @param strategy the strategy chosen
 * @param meetsSlo whether it meets the SLO
 * @param reason   one sentence
 */
public record Recommendation(String strategy, boolean meetsSlo, String reason) {

    /**
     * The recommendation for {@code rows}.
     *
     * @param bound        the clairvoyant bound
     * @param slo          the SLO as text ({@code p95 ≤ 300ms})
     * @param budget       the share of minutes (and of requests) allowed over the SLO, 0..1
     * @param verticalStop where vertical stops, for strategies that size instances: the largest size and the rate one
     *                     instance of it carries at the autoscaler's target, or null when no strategy sizes
     * @throws IllegalArgumentException with no rows
     */
    public static Recommendation of(List<PlanRow> rows, Clairvoyant.Bound bound, String slo, double budget,
                                    @Nullable VerticalStop verticalStop) {
        if (rows.isEmpty()) {
            throw new IllegalArgumentException("rows: none (expected: at least one simulated strategy)");
        }
        List<PlanRow> meeting = rows.stream().filter(r -> meets(r, budget))
            .sorted(Comparator.comparingDouble(PlanRow::costPerMonth)).toList();
        if (meeting.isEmpty()) {
            PlanRow closest = rows.stream().min(Comparator.comparingLong(PlanRow::minutesOverSlo)
                .thenComparingLong(PlanRow::failed).thenComparingDouble(PlanRow::costPerMonth)).orElseThrow();
            return new Recommendation(closest.strategy(), false, "No strategy kept " + slo + " within the budget of "
                + percent(budget) + " of the minutes; " + closest.strategy() + " came closest with "
                + closest.minutesOverSlo() + " minutes over and " + closest.failed() + " failed requests at "
                + money(closest.costPerMonth()) + "/month: the trace needs more capacity than the bounds allow, or "
                + "faster start-up (raise max, lower the target, or add a scheduled or predictive policy).");
        }
        PlanRow best = meeting.getFirst();
        StringBuilder s = new StringBuilder(best.strategy()).append(" is the cheapest that keeps ").append(slo)
            .append(": ").append(money(best.costPerMonth())).append("/month, ")
            .append(ratio(best.costPerMonth(), bound.perMonth())).append(" the clairvoyant bound (")
            .append(money(bound.perMonth())).append(")");
        if (meeting.size() > 1) {
            PlanRow next = meeting.get(1);
            s.append("; ").append(next.strategy()).append(" costs ").append(money(next.costPerMonth()));
        }
        if (verticalStop != null && best.strategy().equals("vertical-first")) {
            s.append("; vertical is cheaper up to ").append(verticalStop.largest()).append(" — past ")
                .append(Math.round(verticalStop.rps())).append(" rps it scales out");
        } else if (verticalStop != null && best.strategy().equals("vertical")) {
            s.append("; it grows instances up to ").append(verticalStop.largest()).append(", which stop keeping up "
                + "past ").append(Math.round(verticalStop.rps())).append(" rps");
        }
        return new Recommendation(best.strategy(), true, s.append('.').toString());
    }

    /**
     * Where vertical scaling ends.
     *
     * @param largest the largest size an instance may grow to, as text ({@code 2000m})
     * @param rps     the rate the minimum count of instances at that size carries at the autoscaler's target
     */
    public record VerticalStop(String largest, double rps) {
    }

    static boolean meets(PlanRow r, double budget) {
        return r.overShare() <= budget + 1e-12 && r.failedShare() <= budget + 1e-12;
    }

    static String money(double amount) {
        return String.format(Locale.ROOT, amount >= 100 ? "$%.0f" : "$%.2f", amount);
    }

    private static String percent(double share) {
        return String.format(Locale.ROOT, "%.4g%%", share * 100).replaceAll("\\.?0+%$", "%");
    }

    private static String ratio(double cost, double bound) {
        if (bound <= 0) {
            return "against";
        }
        return String.format(Locale.ROOT, "%.0f%% above", Math.max(0, (cost / bound - 1) * 100));
    }
}
