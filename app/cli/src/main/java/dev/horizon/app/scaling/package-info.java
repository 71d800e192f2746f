/**
 * Wiring of the fleet and the autoscaler into the {@code horizon} process: the gateway as the fleet's membership,
 * and the metric sources the autoscaler reads (the gateway's in-flight, RPS and latency, CPU from the fleet's
 * provider, a gauge scraped from each instance's {@code /metrics}, a Redis list's length).
 */
@NullMarked
package dev.horizon.app.scaling;

import org.jspecify.annotations.NullMarked;
