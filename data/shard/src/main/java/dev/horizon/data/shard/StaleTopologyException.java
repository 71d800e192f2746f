package dev.horizon.data.shard;

import java.sql.SQLException;

/**
 * A write refused because the router routed it by an older topology than the shard is on: another process resharded.
 * The router has reloaded the topology by the time this is thrown, so retrying the whole transaction routes it by the
 * new one. Its SQLState is {@code 40001} (serialization failure), which retry loops already treat as "run it again".
 */
public final class StaleTopologyException extends SQLException {

    private static final long serialVersionUID = 1L;

    private final long routedEpoch;
    private final long shardEpoch;

    StaleTopologyException(String message, long routedEpoch, long shardEpoch) {
        super(message, "40001");
        this.routedEpoch = routedEpoch;
        this.shardEpoch = shardEpoch;
    }

    /** The epoch the refused write was routed by. */
    public long routedEpoch() {
        return routedEpoch;
    }

    /** The epoch the shard is on (0 when the shard is in no topology of this name). */
    public long shardEpoch() {
        return shardEpoch;
    }
}
