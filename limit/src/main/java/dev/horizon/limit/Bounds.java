package dev.horizon.limit;

/** The checks every adaptive limit makes on its range, with the messages the configuration shows. */
final class Bounds {

    private Bounds() {
    }

    static void check(int initial, int min, int max) {
        if (min < 1) {
            throw new IllegalArgumentException("min: " + min + " (expected: >= 1)");
        }
        if (max < min) {
            throw new IllegalArgumentException("max: " + max + " (expected: >= min, " + min + ")");
        }
        if (initial < min || initial > max) {
            throw new IllegalArgumentException("initial: " + initial + " (expected: " + min + ".." + max + ")");
        }
    }
}
