package dev.horizon.sizing;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The named sizes an instance may have ({@code sizes:} in {@code horizon.yaml}), from the smallest to the largest: by
 * CPU, then memory, then price. The autoscaler's "next size" is the next one in this order.
 *
 * <p>Implementation notes. {@link #defaults()} holds AWS on-demand Linux prices in us-east-1 as the seeds quote them
 * (t3.micro about $8 a month, t3.large $60, m6i.xlarge $140, m6i.4xlarge $560, r6i.16xlarge $3,200), per hour from the
 * EC2 price list, so that plans speak money out of the box; r6i.16xlarge is the seeds' $3,200 a month ($4.384 an
 * hour) where the 2026 list says $4.032. Prices change; a team sets its own in {@code sizes:}.
 */
public final class SizeCatalog {

    /** Hours in a month as cloud price lists count them (365 × 24 / 12). */
    public static final double HOURS_PER_MONTH = 730;

    private static final Comparator<Size> ORDER = Comparator.comparing(Size::cpu).thenComparing(Size::memory)
        .thenComparingDouble(Size::pricePerHour).thenComparing(Size::name);

    private static final SizeCatalog DEFAULTS = new SizeCatalog(List.of(
        new Size("t3.micro", Cpu.millicores(2000), Memory.gibibytes(1), 0.0104),
        new Size("t3.small", Cpu.millicores(2000), Memory.gibibytes(2), 0.0208),
        new Size("t3.medium", Cpu.millicores(2000), Memory.gibibytes(4), 0.0416),
        new Size("t3.large", Cpu.millicores(2000), Memory.gibibytes(8), 0.0832),
        new Size("m6i.large", Cpu.millicores(2000), Memory.gibibytes(8), 0.096),
        new Size("m6i.xlarge", Cpu.millicores(4000), Memory.gibibytes(16), 0.192),
        new Size("m6i.2xlarge", Cpu.millicores(8000), Memory.gibibytes(32), 0.384),
        new Size("m6i.4xlarge", Cpu.millicores(16000), Memory.gibibytes(64), 0.768),
        new Size("m6i.8xlarge", Cpu.millicores(32000), Memory.gibibytes(128), 1.536),
        new Size("r6i.16xlarge", Cpu.millicores(64000), Memory.gibibytes(512), 4.384)));

    private final List<Size> sizes;

    private SizeCatalog(List<Size> sizes) {
        List<Size> sorted = new ArrayList<>(sizes);
        sorted.sort(ORDER);
        this.sizes = List.copyOf(sorted);
    }

    /**
     * A catalogue of {@code sizes}, in any order.
     *
     * @throws IllegalArgumentException when two share a name, naming it
     */
    public static SizeCatalog of(List<Size> sizes) {
        Set<String> names = new HashSet<>();
        for (Size s : sizes) {
            if (!names.add(s.name())) {
                throw new IllegalArgumentException("size '" + s.name() + "' is defined twice");
            }
        }
        return new SizeCatalog(sizes);
    }

    /** The catalogue Horizon ships: AWS general-purpose and memory-optimized sizes with their prices. */
    public static SizeCatalog defaults() {
        return DEFAULTS;
    }

    /** Every size, smallest first. */
    public List<Size> sizes() {
        return sizes;
    }

    /** The size called {@code name}. */
    public Optional<Size> named(String name) {
        return sizes.stream().filter(s -> s.name().equals(name)).findFirst();
    }

    /** The names, smallest first, for messages: {@code t3.micro, t3.small, …}. */
    public String names() {
        return String.join(", ", sizes.stream().map(Size::name).toList());
    }

    /** The next larger size after {@code size} (more CPU, or as much CPU and more memory), if any. */
    public Optional<Size> larger(Size size) {
        return sizes.stream().filter(s -> ORDER.compare(s, size) > 0
            && (s.cpu().compareTo(size.cpu()) > 0 || s.memory().compareTo(size.memory()) > 0)).findFirst();
    }

    /** The next smaller size before {@code size} (less CPU, or as much CPU and less memory), if any. */
    public Optional<Size> smaller(Size size) {
        return sizes.reversed().stream().filter(s -> ORDER.compare(s, size) < 0
            && (s.cpu().compareTo(size.cpu()) < 0 || s.memory().compareTo(size.memory()) < 0)).findFirst();
    }

    /** The sizes that fit within {@code ceiling}, smallest first, as a catalogue. */
    public SizeCatalog within(Resources ceiling) {
        return new SizeCatalog(sizes.stream().filter(s -> s.resources().over(ceiling, "").isEmpty()).toList());
    }
}
