package dev.horizon.demo;

import java.util.Map;
import java.util.TreeMap;

/**
 * A shopping cart as it lives in the session: SKU to quantity. Immutable; {@link #plus} returns a new cart, which the
 * shop sets back on the session (so only the {@code cart} attribute is written).
 *
 * @param items SKU to quantity, each 1..{@value #MAX_QTY}
 */
public record Cart(Map<String, Integer> items) {

    /** The largest quantity of one SKU. */
    public static final int MAX_QTY = 99;

    /** An empty cart. */
    public static final Cart EMPTY = new Cart(Map.of());

    /** Copies the items, sorted by SKU. */
    public Cart {
        items = java.util.Collections.unmodifiableMap(new TreeMap<>(items));
    }

    /** This cart with {@code qty} more of {@code sku}, capped at {@value #MAX_QTY}. */
    public Cart plus(String sku, int qty) {
        Map<String, Integer> next = new TreeMap<>(items);
        next.merge(sku, qty, (a, b) -> Math.min(MAX_QTY, a + b));
        return new Cart(next);
    }

    /** Number of items, counting quantities. */
    public int count() {
        return items.values().stream().mapToInt(Integer::intValue).sum();
    }
}
