/**
 * The planner: one trace, every scaling strategy, compared by cost and by SLO against the cheapest capacity that
 * could have served the trace at all ({@link dev.horizon.sim.plan.Clairvoyant}).
 */
@NullMarked
package dev.horizon.sim.plan;

import org.jspecify.annotations.NullMarked;
