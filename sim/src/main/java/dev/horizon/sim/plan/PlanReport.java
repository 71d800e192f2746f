package dev.horizon.sim.plan;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Locale;

/**
 * A {@link Planner.Plan} for people (a table, then the recommendation) and for programs (JSON).
 *
 * <pre>{@code
 * strategy               cost/month  minutes over  failed  peak  largest
 * as configured             $41.20             3      12     4  500m
 * ...
 * clairvoyant bound         $30.00             0       0     3  m6i.large
 * }</pre>
 */
public final class PlanReport {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final String ROW = "%-24s %11s %13s %9s %5s  %s%n";

    private PlanReport() {
    }

    /** The table and the recommendation, each line ending with a newline. */
    public static String text(Planner.Plan plan) {
        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT, ROW, "strategy", "cost/month", "minutes over", "failed", "peak",
            "largest"));
        for (PlanRow r : plan.rows()) {
            s.append(String.format(Locale.ROOT, ROW, r.strategy(), Recommendation.money(r.costPerMonth()),
                r.minutesOverSlo(), r.failed(), r.peakInstances(), r.peakSize()));
        }
        Clairvoyant.Bound b = plan.bound();
        s.append(String.format(Locale.ROOT, ROW, "clairvoyant bound", Recommendation.money(b.perMonth()), 0, 0,
            b.peakCount(), b.peakSize().name()));
        s.append("minutes over: minutes with ").append(plan.slo()).append(" broken; failed: rejected or timed out\n\n");
        s.append(plan.recommendation().meetsSlo() ? "Recommendation: " : "No recommendation: ")
            .append(plan.recommendation().reason()).append('\n');
        return s.toString();
    }

    /** The plan as indented JSON, ending with a newline. */
    public static String json(Planner.Plan plan) {
        ObjectNode root = JSON.createObjectNode();
        root.put("slo", plan.slo());
        root.put("budget", plan.budget());
        ArrayNode rows = root.putArray("strategies");
        for (PlanRow r : plan.rows()) {
            rows.addObject().put("strategy", r.strategy()).put("cost-per-month", round(r.costPerMonth()))
                .put("minutes-over-slo", r.minutesOverSlo()).put("minutes", r.minutes())
                .put("requests", r.requests()).put("failed", r.failed()).put("peak-instances", r.peakInstances())
                .put("peak-size", r.peakSize()).put("instance-hours", round(r.instanceHours()));
        }
        Clairvoyant.Bound b = plan.bound();
        root.putObject("clairvoyant").put("cost-per-month", round(b.perMonth())).put("peak-instances", b.peakCount())
            .put("peak-size", b.peakSize().name());
        Recommendation r = plan.recommendation();
        root.putObject("recommendation").put("strategy", r.strategy()).put("meets-slo", r.meetsSlo())
            .put("reason", r.reason());
        try {
            return JSON.writeValueAsString(root) + "\n";
        } catch (JacksonException e) {
            throw new IllegalStateException("a JSON tree did not serialize", e);
        }
    }

    private static double round(double v) {
        return Math.round(v * 10_000) / 10_000.0;
    }
}
