/**
 * The instances of one service: launching them through a {@link dev.horizon.fleet.Provider}, admitting them to traffic
 * after a readiness probe, warming them up, draining and stopping them, replacing the ones that fail (with an
 * exponential crash-loop backoff) and holding their number at the desired count.
 *
 * <p>{@link dev.horizon.fleet.Fleet} is the entry point; it reaches the load balancer only through
 * {@link dev.horizon.fleet.Membership} and the instances only through a {@link dev.horizon.fleet.Provider}, so it knows
 * neither the gateway nor processes. {@link dev.horizon.fleet.Provider#localProcesses} runs instances as local
 * processes. The life cycle, every setting and the guarantees about orphaned processes are in {@code docs/fleet.md}.
 */
@NullMarked
package dev.horizon.fleet;

import org.jspecify.annotations.NullMarked;
