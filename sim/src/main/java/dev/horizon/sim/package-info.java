/**
 * Simulate before you scale (issue 14): traffic traces, capacity models, and — as it lands — the discrete-event
 * simulator and the planner that run the real {@code balance} and {@code autoscale} code in virtual time.
 */
@NullMarked
package dev.horizon.sim;

import org.jspecify.annotations.NullMarked;
