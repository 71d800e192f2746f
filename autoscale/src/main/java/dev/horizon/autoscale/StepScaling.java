package dev.horizon.autoscale;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * One step policy with its warm-up state.
 *
 * <p>Implementation notes (EC2 Auto Scaling step scaling). The metric is the reading's service-wide value, or over
 * the running, ready, warmed instances their integer utilization percent (when every one has a request, as for CPU)
 * or their average sample. Its offset from the threshold picks a step; the step's adjustment applied to the current
 * capacity is the proposal. A proposal above the current capacity starts a warm-up: until it ends, a breach in the
 * same (or a lower) step proposes the current capacity, and one in a higher step proposes that step's adjustment
 * applied to the capacity before the warm-up began (so only the difference is added). A metric outside every step
 * proposes nothing.
 */
final class StepScaling {

    private final StepPolicy policy;
    private @Nullable Instant warmUntil;
    private int warmStep = -1;
    private int base;

    StepScaling(StepPolicy policy) {
        this.policy = policy;
    }

    StepPolicy policy() {
        return policy;
    }

    /** The proposal at {@code now} from {@code current} given the reading (null: none arrived). */
    Proposal propose(Instant now, int current, @Nullable MetricReading reading) {
        String source = "step " + policy.metric();
        Double value = value(reading);
        if (value == null) {
            String why = reading instanceof MetricReading.Failed f ? f.reason() : "no ready sample";
            return Proposal.failed(source, why);
        }
        int step = policy.stepOf(value);
        String head = policy.metric() + " at " + Plain.number(value) + " (threshold " + Plain.number(policy.threshold())
            + ")";
        if (step < 0) {
            return new Proposal(source, null, value, null, Double.NaN, head + " is in no step");
        }
        String where = head + " is in step " + policy.steps().get(step).describe() + " " + policy.describe(step);
        int fresh = Math.max(0, policy.apply(step, current));
        if (fresh <= current) {
            return new Proposal(source, fresh, value, null, Double.NaN, where + " → " + fresh);
        }
        boolean warming = warmUntil != null && now.isBefore(warmUntil);
        if (warming && step <= warmStep) {
            return new Proposal(source, current, value, null, Double.NaN,
                where + " again while added instances warm up → stays " + current);
        }
        int proposed = fresh;
        if (warming) {
            proposed = Math.max(current, policy.apply(step, base));
            where += " (from " + base + " before the warm-up)";
        } else {
            base = current;
        }
        warmStep = step;
        warmUntil = now.plus(policy.warmup());
        return new Proposal(source, proposed, value, null, Double.NaN, where + " → " + proposed);
    }

    /**
     * The metric's value: a service-wide value as it is; per-instance samples averaged over running, ready, warmed
     * instances, or as the integer utilization percent when every one of them has a request (CPU).
     */
    private static @Nullable Double value(@Nullable MetricReading reading) {
        if (reading instanceof MetricReading.Single s) {
            return s.value();
        }
        if (!(reading instanceof MetricReading.PerInstance p)) {
            return null;
        }
        double sum = 0;
        double requests = 0;
        int n = 0;
        boolean allRequest = true;
        for (InstanceSample s : p.samples()) {
            Double v = s.value();
            if (s.phase() == Phase.RUNNING && s.ready() && !s.warming() && v != null) {
                sum += v;
                requests += s.request();
                allRequest &= s.request() > 0;
                n++;
            }
        }
        if (n == 0) {
            return null;
        }
        return allRequest ? (double) (long) (sum * 100 / requests) : sum / n;
    }
}
