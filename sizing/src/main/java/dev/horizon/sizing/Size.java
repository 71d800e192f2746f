package dev.horizon.sizing;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A named size from a {@link SizeCatalog}: what {@code instances.size: NAME} gives an instance, and what it costs.
 *
 * @param name         the name, e.g. {@code m6i.xlarge}: letters, digits, {@code . _ -}
 * @param cpu          its CPU
 * @param memory       its memory
 * @param pricePerHour what one instance of it costs per hour, in dollars, at least 0
 */
public record Size(String name, Cpu cpu, Memory memory, double pricePerHour) {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");

    /** Validates the fields. */
    public Size {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(cpu, "cpu");
        Objects.requireNonNull(memory, "memory");
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("name: '" + name
                + "' (expected: letters, digits, '.', '_', '-', starting with a letter or digit)");
        }
        if (!(pricePerHour >= 0) || Double.isInfinite(pricePerHour)) {
            throw new IllegalArgumentException("price-per-hour: " + pricePerHour + " (expected: a number >= 0)");
        }
    }

    /** The size as {@link Resources}. */
    public Resources resources() {
        return new Resources(cpu, memory);
    }

    /** What one instance costs per month of 730 hours, as cloud price lists count a month. */
    public double pricePerMonth() {
        return pricePerHour * SizeCatalog.HOURS_PER_MONTH;
    }
}
