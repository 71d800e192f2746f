package dev.horizon.autoscale;

import java.util.Locale;

/**
 * The shape law: from the CPU a service needs at its target and its current (size, count), the (size, count) a
 * strategy moves to. The count it chooses is then only a raw recommendation for the count law (stabilization, the
 * scale-in hold, rate limits, bounds), and the size goes through its own stabilization.
 *
 * <p>Implementation notes. The capacity is absolute usage divided by the target, never a utilization of the size
 * being changed, so a resize does not move the figure it was computed from (the HPA-plus-VPA fight of
 * {@code kubernetes/autoscaler} issue #6060). One law per strategy:
 * <ul>
 *   <li>{@code vertical}: the count stays; the size is the smallest rung giving {@code capacity / count}.</li>
 *   <li>{@code vertical-first}: short of capacity, the size grows one rung per evaluation (so each step is measured
 *   before the next) up to {@code max-cpu}, then instances are added; with capacity to spare, instances are removed
 *   down to {@code min} first, then the size shrinks to the smallest rung that still gives the capacity.</li>
 *   <li>{@code horizontal-first}: the mirror: instances up to {@code max}, then the size one rung per evaluation;
 *   with capacity to spare, the size shrinks first, then instances go.</li>
 *   <li>{@code cheapest}: of every rung and every count within the bounds that gives the capacity, the pair with the
 *   lowest price per hour; equal prices go to the pair changing fewer dimensions, then fewer instances.</li>
 * </ul>
 * When the capacity equals what the service has (every metric inside its tolerance), nothing moves.
 */
final class ShapePlanner {

    private static final double EPSILON = 1e-9;

    private ShapePlanner() {
    }

    /**
     * A planned pair and why.
     *
     * @param size  the rung
     * @param count the count
     * @param why   in plain words
     */
    record Plan(SizeLadder.Rung size, int count, String why) {
    }

    /** The plan of {@code strategy} for {@code capacity} millicores from {@code size} × {@code count}. */
    static Plan plan(Strategy strategy, double capacity, SizeLadder ladder, SizeLadder.Rung size, int count,
                     int min, int max) {
        int low = Math.max(1, min);
        int n = Math.clamp(count, low, max);
        long s = size.millicores();
        double have = (double) n * s;
        String need = "needs " + millicores(capacity) + " of CPU at the target, " + n + " × " + size.text()
            + " give " + millicores(have);
        if (Math.abs(capacity - have) < EPSILON && n == count) {
            return new Plan(size, count, "");
        }
        boolean grow = capacity > have;
        return switch (strategy) {
            case HORIZONTAL -> new Plan(size, Math.clamp(needed(capacity, s), low, max), "");
            case VERTICAL -> {
                SizeLadder.Rung r = ladder.atLeast(capacity / n);
                yield new Plan(r, n, need + "; the count stays under strategy vertical"
                    + (grow && r.millicores() * n < capacity ? ", max-cpu " + ladder.top().size().cpu()
                    + " reached" : ""));
            }
            case VERTICAL_FIRST -> grow ? verticalFirstUp(capacity, ladder, size, n, max, need)
                : fewerThenSmaller(capacity, ladder, size, n, low, need);
            case HORIZONTAL_FIRST -> grow ? horizontalFirstUp(capacity, ladder, size, n, max, need)
                : smallerThenFewer(capacity, ladder, size, n, low, need);
            case CHEAPEST -> cheapest(capacity, ladder, size, n, low, max, need);
        };
    }

    private static Plan verticalFirstUp(double capacity, SizeLadder ladder, SizeLadder.Rung size, int n, int max,
                                        String need) {
        if (size.millicores() < ladder.top().millicores()) {
            return new Plan(ladder.above(size.millicores()), n, need + "; max-cpu " + ladder.top().size().cpu()
                + " not reached, so bigger before more");
        }
        int more = Math.min(max, needed(capacity, size.millicores()));
        return new Plan(size, Math.max(n, more), need + "; size at max-cpu " + ladder.top().size().cpu()
            + ", so more" + (more < needed(capacity, size.millicores()) ? " (up to the maximum " + max + ")" : ""));
    }

    private static Plan horizontalFirstUp(double capacity, SizeLadder ladder, SizeLadder.Rung size, int n, int max,
                                          String need) {
        if (n < max) {
            return new Plan(size, Math.min(max, needed(capacity, size.millicores())), need + "; the maximum " + max
                + " not reached, so more before bigger");
        }
        if (size.millicores() < ladder.top().millicores()) {
            return new Plan(ladder.above(size.millicores()), n, need + "; count at the maximum " + max
                + ", so bigger");
        }
        return new Plan(size, n, need + "; count at the maximum " + max + " and size at max-cpu "
            + ladder.top().size().cpu());
    }

    private static Plan fewerThenSmaller(double capacity, SizeLadder ladder, SizeLadder.Rung size, int n, int low,
                                         String need) {
        int fewer = Math.max(low, needed(capacity, size.millicores()));
        if (fewer < n) {
            return new Plan(size, fewer, need + "; fewer before smaller");
        }
        SizeLadder.Rung smaller = ladder.atLeast(capacity / n);
        if (smaller.millicores() < size.millicores()) {
            String why = n == low ? "count at the minimum " + low : "no instance to spare";
            return new Plan(smaller, n, need + "; " + why + ", so smaller");
        }
        return new Plan(size, n, need + "; nothing smaller gives it");
    }

    private static Plan smallerThenFewer(double capacity, SizeLadder ladder, SizeLadder.Rung size, int n, int low,
                                         String need) {
        SizeLadder.Rung smaller = ladder.atLeast(capacity / n);
        if (smaller.millicores() < size.millicores()) {
            return new Plan(smaller, n, need + "; smaller before fewer");
        }
        int fewer = Math.max(low, needed(capacity, size.millicores()));
        if (fewer < n) {
            return new Plan(size, fewer, need + "; " + (size.millicores() == ladder.bottom().millicores()
                ? "size at min-cpu " + ladder.bottom().size().cpu() : "no smaller size gives it") + ", so fewer");
        }
        return new Plan(size, n, need + "; nothing smaller gives it");
    }

    private static Plan cheapest(double capacity, SizeLadder ladder, SizeLadder.Rung size, int n, int low, int max,
                                 String need) {
        SizeLadder.Rung bestSize = ladder.top();
        int bestCount = max;
        double bestPrice = Double.POSITIVE_INFINITY;
        int bestChanges = 3;
        for (SizeLadder.Rung r : ladder.rungs()) {
            int k = Math.max(low, needed(capacity, r.millicores()));
            if (k > max) {
                continue;
            }
            double price = k * r.price();
            int changes = (r.millicores() == size.millicores() ? 0 : 1) + (k == n ? 0 : 1);
            boolean cheaper = price < bestPrice - EPSILON;
            boolean tie = Math.abs(price - bestPrice) <= EPSILON;
            if (cheaper || (tie && (changes < bestChanges || (changes == bestChanges && k < bestCount)))) {
                bestSize = r;
                bestCount = k;
                bestPrice = price;
                bestChanges = changes;
            }
        }
        String words = Double.isInfinite(bestPrice)
            ? "; no pair within the bounds gives it, so the largest: " + bestCount + " × " + bestSize.text()
            : "; the cheapest pair that gives it: " + bestCount + " × " + bestSize.text() + " at "
                + price(bestPrice, bestSize) + " per hour";
        return new Plan(bestSize, bestCount, need + words);
    }

    /** The fewest instances of {@code millicores} giving {@code capacity}. */
    static int needed(double capacity, long millicores) {
        return (int) Math.min(Integer.MAX_VALUE, Math.ceil(capacity / millicores - EPSILON));
    }

    private static String price(double price, SizeLadder.Rung r) {
        return r.name() == null ? Plain.number(price) + " cores" : String.format(Locale.ROOT, "$%.4f", price);
    }

    static String millicores(double m) {
        return Math.round(Math.ceil(m - EPSILON)) + "m";
    }
}
