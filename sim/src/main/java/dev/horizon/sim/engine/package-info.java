/**
 * The discrete-event simulator (issue 14): a {@link dev.horizon.sim.engine.Scenario} — a trace, a capacity model, a
 * scaling policy and the fleet's timings — run by {@link dev.horizon.sim.engine.Simulation} on a virtual clock with
 * the real {@code balance} balancers, the real {@code autoscale} {@link dev.horizon.autoscale.Autoscaler} and the
 * gateway's {@code limit} laws for a service's concurrency limit ({@link dev.horizon.sim.engine.AdmissionLimit}),
 * into a per-second {@link dev.horizon.sim.engine.Timeline} and a {@link dev.horizon.sim.engine.Summary}. Pure: no wall
 * clock, no threads; deterministic for a seed. See docs/sim.md.
 */
@NullMarked
package dev.horizon.sim.engine;

import org.jspecify.annotations.NullMarked;
