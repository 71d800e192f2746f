package dev.horizon.showcase;

import dev.horizon.config.LoadedConfig;
import dev.horizon.control.ManagedControl;
import java.io.PrintWriter;
import java.util.List;

/** The gateway, fleet and admin API the demo runs, as the demo sees them. */
public interface RunningStack {

    /** The shop service's fleet and autoscaler. */
    ManagedControl shop();

    /**
     * What the gateway recorded of the shop's requests, one entry per second from {@code fromEpochSecond} (or a day
     * ago, if later) through the current second.
     */
    List<TrafficSecond> shopTraffic(long fromEpochSecond);

    /** Drains and stops everything; false when requests were cut off. */
    boolean stop();

    /** Starts a stack from a configuration; {@code log} gets the fleet's and the autoscaler's events. */
    @FunctionalInterface
    interface Starter {
        RunningStack start(LoadedConfig config, PrintWriter log);
    }
}
