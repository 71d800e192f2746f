package dev.horizon.fleet;

import dev.horizon.sizing.Resources;
import java.util.List;
import java.util.Objects;

/**
 * What a {@link Fleet#resize} does, in plain words: which instances take the new size in place and which are replaced
 * one at a time, and why.
 *
 * @param service  the service
 * @param from     the size before: the fleet's, or the one instance's when one was named
 * @param to       the new size
 * @param inPlace  instances resized in place (the same process; the new limits written)
 * @param replaced instances replaced one at a time by new ones at the new size
 * @param text     one line, e.g. {@code shop: cpu 500m -> 1500m in place on shop-1, shop-2} or {@code shop: memory
 *                 512Mi -> 256Mi: shop-1 uses 300Mi, so the instances are replaced one at a time at the new size
 *                 (shop-1, shop-2)}
 */
public record Resize(String service, Resources from, Resources to, List<String> inPlace, List<String> replaced,
                     String text) {

    /** Validates and copies. */
    public Resize {
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        inPlace = List.copyOf(inPlace);
        replaced = List.copyOf(replaced);
        Objects.requireNonNull(text, "text");
    }

    /** The {@link #text}. */
    @Override
    public String toString() {
        return text;
    }
}
