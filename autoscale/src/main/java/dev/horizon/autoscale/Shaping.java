package dev.horizon.autoscale;

import dev.horizon.sizing.Cpu;
import dev.horizon.sizing.Memory;
import dev.horizon.sizing.Resources;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One evaluation of both dimensions for an {@link Autoscaler} whose strategy is not horizontal.
 *
 * <p>Implementation notes. The metrics' proposals become the CPU the service needs ({@link Capacity}); the strategy
 * plans a pair from it ({@link ShapePlanner}); the planned count goes through the count law exactly as a horizontal
 * recommendation does, and the planned size through its own: a shrink goes no lower than the recommender's CPU target
 * (the VPA's P90 × 1.15 of one instance's use, so a dip the histogram has not forgotten shrinks nothing), then no lower
 * than the largest size planned within the scale-down window (the HPA's stabilization, applied to millicores), and
 * never so low that the count the rate limits allowed falls short of the need. Memory follows the VPA updater: it
 * stays while the recommender's bounds admit it and moves to the recommender's target when they do not, within
 * {@code min-memory..max-memory}; with a factor step and no memory bounds it is left as configured.
 */
final class Shaping {

    private static final long MIB = 1 << 20;

    private Shaping() {
    }

    static Decision shape(Autoscaler a, Instant now, Shape current, Map<String, MetricReading> readings,
                          FleetFacts facts, Decision.Bounds bounds, Autoscaler.Proposed p) {
        VerticalPolicy v = Objects.requireNonNull(a.vertical(), "vertical");
        VerticalRecommender recommender = Objects.requireNonNull(a.recommender(), "recommender");
        Recommendation rec = recommender.recommend();
        int n = current.count();
        Resources size = current.size();
        long s = Objects.requireNonNull(size.cpu(), "cpu").millicores();
        double capacity = Capacity.of(a.policy().metrics(), a.policy().tolerance(), p.proposals(), readings, n, s,
            v.baseCpu().millicores());
        if (!p.notes().isEmpty()) {
            capacity = Math.max(capacity, (double) n * s);
        }
        SizeLadder ladder = SizeLadder.of(v, memoryNeed(v, rec, size.memory()));
        if (ladder.isEmpty()) {
            ladder = SizeLadder.of(v, null);
        }
        SizeLadder.Rung rung = current(ladder, size);
        ShapePlanner.Plan plan = ShapePlanner.plan(a.strategy(), capacity, ladder, rung, n, bounds.min(),
            bounds.max());
        List<String> notes = new ArrayList<>();
        SizeLadder.Rung planned = plan.size();
        if (planned.millicores() < s) {
            SizeLadder.Rung floor = ladder.atLeast(rec.cpu().target());
            if (floor.millicores() > planned.millicores()) {
                planned = floor.millicores() >= s ? rung : floor;
                notes.add("the recommender's CPU target " + ShapePlanner.millicores(rec.cpu().target())
                    + " (P90 × 1.15 of one instance's use) holds " + planned.size().cpu());
            }
        }
        Autoscaler.Stages stages = a.countStages(now, n, plan.count(), facts, bounds);
        int count = stages.clamp().after();
        Decision.Stage sizeStage = a.sizeStage(now, s, planned.millicores());
        SizeLadder.Rung after = sizeStage.after() == planned.millicores() ? planned
            : sizeStage.after() == s ? rung : ladder.atLeast(sizeStage.after());
        if (!sizeStage.note().isEmpty()) {
            notes.add(sizeStage.note());
        }
        if (after.millicores() < s && (double) count * after.millicores() < capacity - 1e-9) {
            SizeLadder.Rung guard = ladder.atLeast(capacity / Math.max(1, count));
            after = guard.millicores() >= s ? rung : guard;
            notes.add("kept " + after.size().cpu() + " so that " + count + " instance(s) give the "
                + ShapePlanner.millicores(capacity) + " needed");
        }
        String head = plan.why().isEmpty() ? p.why() : p.why() + "; " + plan.why();
        Decision d = Autoscaler.finish(now, n, facts, p.proposals(), plan.count(), stages, head);
        String note = String.join("; ", notes);
        Decision.Sizing sizing = new Decision.Sizing(size, plan.size().size(), after.size(), capacity, note, rec);
        return new Decision(d.at(), d.current(), d.facts(), d.proposals(), d.raw(), d.stabilization(), d.hold(),
            d.rateLimit(), d.bounds(), d.clamp(), d.desired(),
            note.isEmpty() ? d.explanation() : d.explanation() + "; " + note, a.strategy(), sizing);
    }

    /** The current size as a rung: the ladder's rung of the same CPU, else the size itself priced by its CPU. */
    private static SizeLadder.Rung current(SizeLadder ladder, Resources size) {
        Cpu cpu = Objects.requireNonNull(size.cpu(), "cpu");
        for (SizeLadder.Rung r : ladder.rungs()) {
            if (r.millicores() == cpu.millicores()) {
                return r;
            }
        }
        return new SizeLadder.Rung(size, null, cpu.cores());
    }

    /** The memory an instance needs: the current one while the recommender admits it, else its target; bounded. */
    static @Nullable Memory memoryNeed(VerticalPolicy v, Recommendation rec, @Nullable Memory current) {
        Memory min = v.minMemory();
        Memory max = v.maxMemory();
        if (v.step() instanceof VerticalPolicy.Factor && min == null && max == null) {
            return current;
        }
        Memory need = current != null && rec.memory().admits(current.bytes()) ? current
            : Memory.mebibytes(Math.max(4, (long) Math.ceil(rec.memory().target() / MIB)));
        if (min != null && need.compareTo(min) < 0) {
            need = min;
        }
        if (max != null && need.compareTo(max) > 0) {
            need = max;
        }
        return need;
    }
}
