package dev.horizon.control;

import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/** {@code horizon rollout status} in plain words. */
final class RolloutText {

    private RolloutText() {
    }

    /**
     * E.g. {@code shop: canary rollout of r2 (stable r1): progressing at 25% (step 2/3)}, then its reason, its
     * analysis verdicts and the revisions.
     */
    static String of(String service, @Nullable RolloutRecord r, List<Revision> revisions, int serving) {
        StringBuilder b = new StringBuilder();
        if (r == null) {
            b.append(service).append(": never deployed; r").append(serving).append(" serves\n");
        } else {
            b.append(String.format(Locale.ROOT, "%s: %s rollout of r%d (stable r%d): %s at %s%s%n", service,
                r.strategy(), r.revision(), r.stable(), r.phase(), weight(r.weight()),
                r.steps() == 0 ? "" : " (step " + r.step() + "/" + r.steps() + ")"));
            b.append("  ").append(r.reason()).append('\n');
            b.append("  started ").append(r.started());
            if (r.switched() != null) {
                b.append("; switched ").append(r.switched());
            }
            if (r.strategy().equals("canary")) {
                b.append("; ").append(r.failures()).append(r.failures() == 1 ? " failed analysis" : " failed analyses")
                    .append(", ").append(r.inconclusive()).append(" inconclusive in a row");
            }
            b.append('\n');
            for (String a : r.analysis()) {
                b.append("  analysis ").append(a).append('\n');
            }
        }
        for (Revision rev : revisions) {
            b.append("  ").append(rev.label()).append(rev.number() == serving ? " serves" : "")
                .append(": ").append(String.join(" ", rev.command()));
            if (!rev.env().isEmpty()) {
                b.append(" with ").append(rev.env());
            }
            b.append(" (").append(rev.cause()).append(", ").append(rev.created()).append(")\n");
        }
        return b.toString();
    }

    private static String weight(double percent) {
        return percent == Math.rint(percent) ? (long) percent + "%" : percent + "%";
    }
}
