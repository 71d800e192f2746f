/**
 * Capacity models (issue 14): the Universal Scalability Law, fitted to measurements of concurrency and throughput
 * ({@link dev.horizon.sim.model.UniversalScalability}), and the M/M/c queue with Erlang C
 * ({@link dev.horizon.sim.model.MmcQueue}) for the fewest instances that meet a p95 target. Pure functions of their
 * inputs: times in seconds, rates per second, as {@code double}. See docs/capacity.md.
 */
@NullMarked
package dev.horizon.sim.model;

import org.jspecify.annotations.NullMarked;
