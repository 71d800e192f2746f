/**
 * The control plane of the {@code horizon} process: every managed service's fleet with the gateway as its
 * membership ({@link dev.horizon.control.ManagedServices}), the autoscale loop and the metric feeds it reads (the
 * gateway's in-flight, RPS and latency, CPU from the fleet's provider, a gauge scraped from each instance's
 * {@code /metrics}, a Redis list's length), what the admin API sees of a managed service
 * ({@link dev.horizon.control.ManagedControl}), and the process's timestamped log lines.
 */
@NullMarked
package dev.horizon.control;

import org.jspecify.annotations.NullMarked;
