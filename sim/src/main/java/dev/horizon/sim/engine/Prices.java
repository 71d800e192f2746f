package dev.horizon.sim.engine;

import dev.horizon.sizing.Cpu;
import dev.horizon.sizing.Memory;
import dev.horizon.sizing.Size;
import dev.horizon.sizing.SizeCatalog;
import java.util.HashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * What an instance of a given size costs per hour, from a {@link SizeCatalog}: the catalogue's size of that CPU and
 * memory; without a memory, the cheapest size of that CPU; a size the catalogue does not list costs what the cheapest
 * size that holds it costs (the machine one would have to buy); one larger than every size costs the largest size's
 * price per core times its cores.
 */
final class Prices {

    private final SizeCatalog catalog;
    private final Map<String, Double> cache = new HashMap<>();

    Prices(SizeCatalog catalog) {
        this.catalog = catalog;
    }

    double perHour(Cpu cpu, @Nullable Memory memory) {
        return cache.computeIfAbsent(cpu.millicores() + "/" + memory, k -> lookUp(cpu, memory));
    }

    private double lookUp(Cpu cpu, @Nullable Memory memory) {
        if (catalog.sizes().isEmpty()) {
            return 0;
        }
        double best = Double.POSITIVE_INFINITY;
        for (Size s : catalog.sizes()) {
            if (s.cpu().equals(cpu) && (memory == null || s.memory().equals(memory))) {
                best = Math.min(best, s.pricePerHour());
            }
        }
        if (best < Double.POSITIVE_INFINITY) {
            return best;
        }
        for (Size s : catalog.sizes()) {
            if (s.cpu().compareTo(cpu) >= 0 && (memory == null || s.memory().compareTo(memory) >= 0)) {
                best = Math.min(best, s.pricePerHour());
            }
        }
        if (best < Double.POSITIVE_INFINITY) {
            return best;
        }
        Size largest = catalog.sizes().getLast();
        return largest.pricePerHour() / largest.cpu().cores() * cpu.cores();
    }
}
