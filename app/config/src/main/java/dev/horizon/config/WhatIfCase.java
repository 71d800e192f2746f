package dev.horizon.config;

import dev.horizon.autoscale.Strategy;
import dev.horizon.autoscale.VerticalPolicy;
import dev.horizon.autoscale.WhatIf;
import dev.horizon.sizing.Resources;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A {@code horizon autoscale what-if} case file as read by {@link WhatIfCaseFile}: the count's case and, when its
 * strategy changes the size, what {@link WhatIf#evaluate(WhatIf.Case, Strategy, VerticalPolicy, Resources)} needs.
 *
 * @param count    the case of the count
 * @param strategy the case's {@code strategy}, {@link Strategy#HORIZONTAL} when it gives none
 * @param vertical the case's {@code vertical} policy; null exactly when the strategy is horizontal
 * @param size     the case's {@code resources}, the size its instances have now; unlimited when it gives none
 */
public record WhatIfCase(WhatIf.Case count, Strategy strategy, @Nullable VerticalPolicy vertical, Resources size) {

    /** Validates that a vertical policy comes with a strategy that uses it, and a CPU size to start from. */
    public WhatIfCase {
        Objects.requireNonNull(count, "count");
        Objects.requireNonNull(size, "size");
        if ((vertical == null) != (strategy == Strategy.HORIZONTAL)) {
            throw new IllegalArgumentException("vertical: " + vertical + " with strategy " + strategy.text()
                + " (expected: a vertical policy exactly when the strategy is not horizontal)");
        }
        if (vertical != null && size.cpu() == null) {
            throw new IllegalArgumentException("size: " + size.brief() + " (expected: a CPU limit)");
        }
    }
}
