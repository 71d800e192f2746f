package dev.horizon.autoscale;

import java.util.Locale;

/**
 * Which dimensions the autoscaler changes and in what order ({@code autoscale.strategy}). Whatever the strategy, one
 * evaluation decides both the size and the count, so the two never fight.
 */
public enum Strategy {
    /** The count only, at a fixed size: today's behaviour and the default. */
    HORIZONTAL,
    /** The size only, at a fixed count. */
    VERTICAL,
    /** Under pressure grow the size up to {@code max-cpu}, then add instances; when load falls, remove instances down
     * to {@code min}, then shrink the size. */
    VERTICAL_FIRST,
    /** Under pressure add instances up to {@code max}, then grow the size; when load falls, shrink the size first. */
    HORIZONTAL_FIRST,
    /** Each evaluation, the (size, count) with the lowest price per hour that meets the target. */
    CHEAPEST;

    /** As the file writes it: {@code vertical-first}. */
    public String text() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /**
     * The strategy {@code text} names.
     *
     * @throws IllegalArgumentException naming the choices
     */
    public static Strategy parse(String text) {
        for (Strategy s : values()) {
            if (s.text().equals(text)) {
                return s;
            }
        }
        throw new IllegalArgumentException("(expected: horizontal, vertical, vertical-first, horizontal-first or "
            + "cheapest)");
    }
}
