package dev.horizon.config;

import dev.horizon.sizing.Cpu;
import dev.horizon.sizing.Resources;
import dev.horizon.sizing.SizeCatalog;
import java.util.List;
import java.util.Objects;

/**
 * What the sizes in a file are read against: the catalogue {@code instances.size} names ({@code sizes:}, or the
 * defaults), and this machine, past which no instance may grow.
 *
 * @param catalog the named sizes
 * @param machine the ceiling: this machine's cores (required) and memory (null: no ceiling)
 */
record Sizing(SizeCatalog catalog, Resources machine) {

    /** Why a size past the machine is refused, after what is over. */
    static final String HARDWARE_LIMIT = " (the hardware limit: a bigger size needs a bigger machine, or more "
        + "instances)";

    /** Validates the components. */
    Sizing {
        Objects.requireNonNull(catalog, "catalog");
        Objects.requireNonNull(machine.cpu(), "machine.cpu");
    }

    /** This machine's cores. */
    Cpu machineCpu() {
        return Objects.requireNonNull(machine.cpu());
    }

    /**
     * Refuses {@code size} at {@code node} when it is past this machine:
     * {@code PATH: PREFIXcpu 4000m is more than this machine's 2000m (the hardware limit: ...)}.
     */
    void requireFits(ConfigNode node, String prefix, Resources size) {
        List<String> over = size.over(machine, "this machine's");
        if (!over.isEmpty()) {
            throw node.error(prefix + String.join(" and ", over) + HARDWARE_LIMIT);
        }
    }
}
