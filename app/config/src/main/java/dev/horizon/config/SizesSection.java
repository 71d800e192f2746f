package dev.horizon.config;

import dev.horizon.sizing.Cpu;
import dev.horizon.sizing.Memory;
import dev.horizon.sizing.Size;
import dev.horizon.sizing.SizeCatalog;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The top-level {@code sizes:} list of {@code horizon.yaml}, read into a {@link SizeCatalog}. A list replaces the
 * default catalogue ({@link SizeCatalog#defaults()}) rather than extending it, so the sizes a file names are exactly
 * the sizes it lists. A size bigger than this machine may be listed (plans and {@code cheapest} compare prices of any
 * size); only an instance given one is refused.
 */
final class SizesSection {

    static final List<String> KEYS = List.of("name", "cpu", "memory", "price-per-hour");

    private SizesSection() {
    }

    /** The catalogue {@code node} lists, or the default one when it is absent. */
    static SizeCatalog read(@Nullable ConfigNode node) {
        if (node == null) {
            return SizeCatalog.defaults();
        }
        List<ConfigNode> items = node.list();
        if (items.isEmpty()) {
            throw node.error("empty (expected: at least one size, or no 'sizes' for the default catalogue)");
        }
        List<Size> sizes = new ArrayList<>();
        Map<String, Integer> firstLine = new HashMap<>();
        for (ConfigNode item : items) {
            ConfigMap m = item.map(KEYS);
            ConfigNode nameNode = m.require("name");
            String name = nameNode.text();
            Cpu cpu = m.require("cpu").convert(Cpu::parse);
            Memory memory = m.require("memory").convert(Memory::parse);
            ConfigNode priceNode = m.require("price-per-hour");
            double price = priceNode.decimal();
            if (price < 0) {
                throw priceNode.error("'" + priceNode.text() + "' (expected: dollars per hour, 0 or more)");
            }
            Size size = m.build(() -> new Size(name, cpu, memory, price));
            Integer first = firstLine.putIfAbsent(name, nameNode.line());
            if (first != null) {
                throw nameNode.error("'" + name + "' again (first at line " + first + ")");
            }
            sizes.add(size);
        }
        return SizeCatalog.of(sizes);
    }
}
