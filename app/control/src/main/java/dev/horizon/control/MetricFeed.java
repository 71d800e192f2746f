package dev.horizon.control;

import dev.horizon.autoscale.MetricReading;
import dev.horizon.fleet.FleetStatus;

/**
 * How an autoscale loop reads one metric of its policy, once per control period, on the loop's thread. A feed that
 * holds a connection (a Redis list's length) is closed with its loop; the others have nothing to close.
 */
@FunctionalInterface
interface MetricFeed extends AutoCloseable {

    /** The metric now; a source that cannot be read gives {@link MetricReading.Failed} (the metric is missing). */
    MetricReading read(FleetStatus fleet);

    /** Releases what the feed holds; never throws. */
    @Override
    default void close() {
    }
}
