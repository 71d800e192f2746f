package dev.horizon.autoscale;

import dev.horizon.sizing.Cpu;
import dev.horizon.sizing.Memory;
import dev.horizon.sizing.Resources;
import dev.horizon.sizing.Size;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The sizes the autoscaler may give an instance, smallest CPU first, one per CPU amount, each with a price per hour.
 *
 * <p>Implementation notes. With a {@link VerticalPolicy.Factor} step the rungs are {@code min-cpu × factor^k} (rounded
 * up to a millicore) below {@code max-cpu}, then {@code max-cpu}; all carry the memory the caller needs, and each
 * costs its CPU in cores per hour: a factor ladder has no price list, and CPU is what it sells, so the cheapest pair is
 * the one with the least CPU in total. With a {@link VerticalPolicy.NextSize} step the rungs are the catalogue's sizes
 * with CPU within {@code min-cpu..max-cpu} and memory within the memory bounds and not below the memory needed; of
 * several with the same CPU (t3.micro to t3.large all have 2 vCPU) the cheapest is the rung, so a step always changes
 * the CPU. A catalogue with no size that fits leaves an empty ladder, which the caller reports.
 */
final class SizeLadder {

    /**
     * One size.
     *
     * @param size  its CPU and memory
     * @param name  its catalogue name, or null on a factor ladder
     * @param price per instance and hour: dollars from the catalogue, cores on a factor ladder
     */
    record Rung(Resources size, @Nullable String name, double price) {
        long millicores() {
            Cpu cpu = size.cpu();
            return cpu == null ? 0 : cpu.millicores();
        }

        String text() {
            return name == null ? String.valueOf(size.cpu()) : name + " (" + size.brief() + ")";
        }
    }

    private final List<Rung> rungs;

    private SizeLadder(List<Rung> rungs) {
        this.rungs = List.copyOf(rungs);
    }

    /** The ladder of {@code policy} for instances needing {@code memory} (null: leave memory as it is). */
    static SizeLadder of(VerticalPolicy policy, @Nullable Memory memory) {
        List<Rung> rungs = new ArrayList<>();
        switch (policy.step()) {
            case VerticalPolicy.Factor f -> {
                for (Cpu c = policy.minCpu(); c.compareTo(policy.maxCpu()) < 0; c = grow(c, f.factor())) {
                    rungs.add(new Rung(new Resources(c, memory), null, c.cores()));
                }
                rungs.add(new Rung(new Resources(policy.maxCpu(), memory), null, policy.maxCpu().cores()));
            }
            case VerticalPolicy.NextSize n -> {
                for (Size s : n.catalog().sizes()) {
                    if (fits(policy, memory, s) && (rungs.isEmpty()
                        || rungs.getLast().millicores() < s.cpu().millicores())) {
                        rungs.add(new Rung(s.resources(), s.name(), s.pricePerHour()));
                    } else if (fits(policy, memory, s) && s.pricePerHour() < rungs.getLast().price()) {
                        rungs.set(rungs.size() - 1, new Rung(s.resources(), s.name(), s.pricePerHour()));
                    }
                }
            }
        }
        return new SizeLadder(rungs);
    }

    private static boolean fits(VerticalPolicy p, @Nullable Memory memory, Size s) {
        Memory minMemory = p.minMemory();
        Memory maxMemory = p.maxMemory();
        return s.cpu().compareTo(p.minCpu()) >= 0 && s.cpu().compareTo(p.maxCpu()) <= 0
            && (minMemory == null || s.memory().compareTo(minMemory) >= 0)
            && (maxMemory == null || s.memory().compareTo(maxMemory) <= 0)
            && (memory == null || s.memory().compareTo(memory) >= 0);
    }

    boolean isEmpty() {
        return rungs.isEmpty();
    }

    List<Rung> rungs() {
        return rungs;
    }

    Rung bottom() {
        return rungs.getFirst();
    }

    Rung top() {
        return rungs.getLast();
    }

    /** The smallest rung with at least {@code millicores}, else the top. */
    Rung atLeast(double millicores) {
        for (Rung r : rungs) {
            if (r.millicores() >= millicores - 1e-9) {
                return r;
            }
        }
        return top();
    }

    /** The next rung above {@code millicores}, else the top. */
    Rung above(long millicores) {
        for (Rung r : rungs) {
            if (r.millicores() > millicores) {
                return r;
            }
        }
        return top();
    }

    /**
     * {@code c} times {@code factor}, and at least a millicore more: a factor just above 1 (1.0000001) rounds back to
     * {@code c}, and the ladder would never reach {@code max-cpu}.
     */
    private static Cpu grow(Cpu c, double factor) {
        Cpu next = c.times(factor);
        return next.compareTo(c) > 0 ? next : Cpu.millicores(c.millicores() + 1);
    }
}
