/**
 * The {@code horizon} process: one JVM that runs the gateway (and later the fleet, the autoscaler and the admin API)
 * from one {@code horizon.yaml}. {@link dev.horizon.config} turns that file into immutable configuration.
 */
@NullMarked
package dev.horizon.app;

import org.jspecify.annotations.NullMarked;
