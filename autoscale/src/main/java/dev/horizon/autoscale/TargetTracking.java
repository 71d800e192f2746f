package dev.horizon.autoscale;

import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The replica count one metric proposes: the Kubernetes HPA's replica calculator.
 *
 * <p>Implementation notes (from {@code pkg/controller/podautoscaler/replica_calculator.go}). Per-instance samples
 * are grouped as {@code groupPods} does: failed and terminating instances are ignored, pending ones are unready,
 * instances without a sample are missing, and for a utilization target (CPU) an instance that is not ready is unready;
 * for other metrics a running instance counts as ready whatever its readiness, as in the HPA. Horizon adds one rule:
 * a warming instance is unready for every metric. The ratio is computed from the ready samples; when there are no
 * missing samples and no unready instances on a scale-up, {@code ceil(ratio × ready)} is the answer (or the current
 * count inside the tolerance). Otherwise missing samples are assumed to be at the target on a scale-down (for
 * utilization {@code request × max(100, target) / 100}) and at 0 on a scale-up, unready instances at 0 on a scale-up,
 * the ratio is recomputed, and the current count stays when the new ratio is inside the tolerance, turns the other way,
 * or the new count moves against the ratio. Values are in milli-units and averaged with integer division, as the HPA's
 * {@code MilliValue()} arithmetic does, so the counts match it exactly.
 */
final class TargetTracking {

    private TargetTracking() {
    }

    /**
     * The proposal for {@code spec} given its {@code reading} (null: none arrived), the {@code current} count, the
     * {@code ready} count (for service-wide values) and the {@code tolerance}.
     */
    static Proposal propose(MetricSpec spec, @Nullable MetricReading reading, int current, int ready,
                            Tolerance tolerance) {
        String name = spec.name();
        MetricTarget target = spec.target();
        return switch (reading) {
            case null -> Proposal.failed(name, "no reading");
            case MetricReading.Failed f -> Proposal.failed(name, f.reason());
            case MetricReading.PerInstance p -> switch (target) {
                case MetricTarget.Utilization u ->
                    track(name, p.samples(), new UtilizationLaw(name, u.percent()), current, tolerance);
                case MetricTarget.AverageValue a ->
                    track(name, p.samples(), new AverageLaw(name, a.value()), current, tolerance);
                case MetricTarget.Value v ->
                    Proposal.failed(name, "a value target needs one service-wide value, not per-instance samples");
            };
            case MetricReading.Single s -> switch (target) {
                case MetricTarget.Utilization u ->
                    Proposal.failed(name, "a utilization target needs per-instance samples");
                case MetricTarget.AverageValue a -> externalAverage(name, s.value(), a.value(), current, tolerance);
                case MetricTarget.Value v -> value(name, s.value(), v.value(), current, ready, tolerance);
            };
        };
    }

    /** One instance's contribution: its sample and request in milli-units. */
    private record Entry(long value, long request) {
        Entry at(long newValue) {
            return new Entry(newValue, request);
        }
    }

    /** A measurement of a set of entries: the ratio to the target, what it shows, and its words. */
    private record Measure(double ratio, double observed, @Nullable Integer utilization, String text) {
    }

    /** How a per-instance target measures samples and what it assumes for a missing one on a scale-down. */
    private interface Law {
        boolean needsRequest();

        long milli(double value);

        Measure measure(List<Entry> entries);

        long atTarget(Entry e);

        String assumedTarget();
    }

    /** {@code int(Σusage × 100 / Σrequest)} against a percentage ({@code GetResourceUtilizationRatio}). */
    private record UtilizationLaw(String name, int target) implements Law {
        @Override
        public boolean needsRequest() {
            return true;
        }

        @Override
        public long milli(double value) {
            return Math.round(value);
        }

        @Override
        public Measure measure(List<Entry> entries) {
            long usage = 0;
            long requests = 0;
            for (Entry e : entries) {
                usage += e.value();
                requests += e.request();
            }
            int utilization = (int) (usage * 100 / requests);
            return new Measure(utilization / (double) target, utilization, utilization,
                name + " at " + utilization + "% of requests against a target of " + target + "%");
        }

        @Override
        public long atTarget(Entry e) {
            return e.request() * Math.max(100, target) / 100;
        }

        @Override
        public String assumedTarget() {
            return "at " + Math.max(100, target) + "% of request";
        }
    }

    /** The average per instance against a value ({@code GetMetricUsageRatio}). */
    private record AverageLaw(String name, double target) implements Law {
        @Override
        public boolean needsRequest() {
            return false;
        }

        @Override
        public long milli(double value) {
            return Math.round(value * 1000);
        }

        long targetMilli() {
            return Math.max(1, milli(target));
        }

        @Override
        public Measure measure(List<Entry> entries) {
            long total = 0;
            for (Entry e : entries) {
                total += e.value();
            }
            long average = total / entries.size();
            double observed = average / 1000.0;
            return new Measure(average / (double) targetMilli(), observed, null, name + " averaged "
                + Plain.average(observed) + " per ready instance against a target of " + Plain.number(target));
        }

        @Override
        public long atTarget(Entry e) {
            return targetMilli();
        }

        @Override
        public String assumedTarget() {
            return "at the target";
        }
    }

    private static Proposal track(String name, List<InstanceSample> samples, Law law, int current,
                                  Tolerance tolerance) {
        String withoutRequest = law.needsRequest() ? withoutRequest(samples) : null;
        if (withoutRequest != null) {
            return Proposal.failed(name, "instance " + withoutRequest + " has no request");
        }
        List<Entry> ready = new ArrayList<>();
        List<Entry> unready = new ArrayList<>();
        List<Entry> missing = new ArrayList<>();
        for (InstanceSample s : samples) {
            if (!counts(s)) {
                continue;
            }
            long request = Math.round(s.request());
            Double value = s.value();
            if (s.phase() == Phase.PENDING) {
                unready.add(new Entry(0, request));
            } else if (value == null) {
                missing.add(new Entry(0, request));
            } else if (s.warming() || (law.needsRequest() && !s.ready())) {
                unready.add(new Entry(law.milli(value), request));
            } else {
                ready.add(new Entry(law.milli(value), request));
            }
        }
        if (ready.isEmpty()) {
            return Proposal.failed(name, "no ready instance reported a sample");
        }
        Measure first = law.measure(ready);
        double ratio = first.ratio();
        String head = first.text() + " (ratio " + Plain.ratio(ratio) + ")";
        boolean scaleUpWithUnready = !unready.isEmpty() && ratio > 1.0;
        if (!scaleUpWithUnready && missing.isEmpty()) {
            if (tolerance.isWithin(ratio)) {
                return proposal(name, current, first, head + " is within tolerance → stays " + current);
            }
            int replicas = ceil(ratio * ready.size());
            return proposal(name, replicas, first, head + " × " + ready.size() + " ready → " + replicas);
        }
        List<Entry> all = new ArrayList<>(ready);
        List<String> assumed = assume(law, ratio, missing, all);
        if (scaleUpWithUnready) {
            unready.forEach(e -> all.add(e.at(0)));
            assumed.add(count(unready.size(), "unready instance") + " at 0");
        }
        double newRatio = law.measure(all).ratio();
        String recount = head + "; with " + String.join(" and ", assumed) + " the ratio ";
        return recounted(name, current, first, recount, newRatio, all.size(), tolerance);
    }

    /** The HPA's verdict on the ratio recounted with the assumed samples ({@code replica_calculator.go}). */
    private static Proposal recounted(String name, int current, Measure first, String recount, double newRatio,
                                      int counted, Tolerance tolerance) {
        double ratio = first.ratio();
        if (tolerance.isWithin(newRatio)) {
            return proposal(name, current, first,
                recount + "would be " + Plain.ratio(newRatio) + ", within tolerance → stays " + current);
        }
        if ((ratio > 1.0 && newRatio < 1.0) || (ratio < 1.0 && newRatio > 1.0)) {
            return proposal(name, current, first,
                recount + "would be " + Plain.ratio(newRatio) + ", the other way → stays " + current);
        }
        int replicas = ceil(newRatio * counted);
        if ((newRatio < 1.0 && replicas > current) || (newRatio > 1.0 && replicas < current)) {
            return proposal(name, current, first, recount + "is " + Plain.ratio(newRatio) + " → " + replicas
                + " × " + counted + ", against the ratio → stays " + current);
        }
        return proposal(name, replicas, first,
            recount + "is " + Plain.ratio(newRatio) + " × " + counted + " → " + replicas);
    }

    /** The first instance taking part that has no request, if any. */
    private static @Nullable String withoutRequest(List<InstanceSample> samples) {
        for (InstanceSample s : samples) {
            if (counts(s) && Math.round(s.request()) <= 0) {
                return s.id();
            }
        }
        return null;
    }

    /** Whether a sample takes part at all: failed and terminating instances do not. */
    private static boolean counts(InstanceSample s) {
        return s.phase() != Phase.FAILED && s.phase() != Phase.TERMINATING;
    }

    /** Adds the missing samples to {@code all} as the HPA assumes them for {@code ratio}; says what it assumed. */
    private static List<String> assume(Law law, double ratio, List<Entry> missing, List<Entry> all) {
        List<String> assumed = new ArrayList<>();
        if (!missing.isEmpty() && ratio < 1.0) {
            missing.forEach(e -> all.add(e.at(law.atTarget(e))));
            assumed.add(count(missing.size(), "missing sample") + " " + law.assumedTarget());
        } else if (!missing.isEmpty() && ratio > 1.0) {
            missing.forEach(e -> all.add(e.at(0)));
            assumed.add(count(missing.size(), "missing sample") + " at 0");
        } else if (!missing.isEmpty()) {
            // a ratio of exactly 1: the HPA neither raises nor lowers the missing ones, it leaves them out
            assumed.add(count(missing.size(), "missing sample") + " left out");
        }
        return assumed;
    }

    /** An average target on one service-wide value ({@code GetExternalPerPodMetricReplicas}). */
    private static Proposal externalAverage(String name, double value, double target, int current,
                                            Tolerance tolerance) {
        long usage = Math.round(value * 1000);
        long perInstance = Math.max(1, Math.round(target * 1000));
        double ratio = usage / ((double) perInstance * current);
        String head = name + " at " + Plain.number(value) + " against a target of " + Plain.number(target)
            + " per instance over " + current + " (ratio " + Plain.ratio(ratio) + ")";
        if (tolerance.isWithin(ratio)) {
            return new Proposal(name, current, value, null, ratio, head + " is within tolerance → stays " + current);
        }
        int replicas = ceil(usage / (double) perInstance);
        return new Proposal(name, replicas, value, null, ratio, head + " → " + replicas);
    }

    /** A service-wide value against a value target ({@code GetExternalMetricReplicas}, object metrics). */
    private static Proposal value(String name, double value, double target, int current, int ready,
                                  Tolerance tolerance) {
        double ratio = Math.round(value * 1000) / (double) Math.max(1, Math.round(target * 1000));
        String head = name + " at " + Plain.number(value) + " against a target of " + Plain.number(target)
            + " (ratio " + Plain.ratio(ratio) + ")";
        if (current == 0) {
            int replicas = ceil(ratio);
            return new Proposal(name, replicas, value, null, ratio, head + " from none → " + replicas);
        }
        if (tolerance.isWithin(ratio)) {
            return new Proposal(name, current, value, null, ratio, head + " is within tolerance → stays " + current);
        }
        int replicas = ceil(ratio * ready);
        return new Proposal(name, replicas, value, null, ratio, head + " × " + ready + " ready → " + replicas);
    }

    private static Proposal proposal(String name, int replicas, Measure m, String reason) {
        return new Proposal(name, replicas, m.observed(), m.utilization(), m.ratio(), reason);
    }

    private static int ceil(double d) {
        return (int) Math.ceil(d);
    }

    private static String count(int n, String what) {
        return n + " " + what + (n == 1 ? "" : "s");
    }
}
