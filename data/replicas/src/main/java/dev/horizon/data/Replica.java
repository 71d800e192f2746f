package dev.horizon.data;

import com.zaxxer.hikari.HikariDataSource;
import dev.horizon.balance.Endpoint;
import java.time.Duration;

/**
 * One replica: its pool, its endpoint in the read balancer, and its routing state as the lag monitor (and failed reads)
 * last set it. The state fields are written by the monitor's thread for this replica and by readers that saw it fail.
 */
final class Replica {

    private static final long MAX_BACKOFF_NANOS = Duration.ofSeconds(10).toNanos();

    private final DataNode node;
    private final HikariDataSource pool;
    private final Endpoint endpoint;
    private volatile ReplicaStatus status;
    private int failures;
    private long retryAtNanos;

    Replica(DataNode node, HikariDataSource pool) {
        this.node = node;
        this.pool = pool;
        this.endpoint = Endpoint.of(node.name());
        this.status = new ReplicaStatus(node.name(), ReplicaStatus.State.UNKNOWN, null, -1, null, "not measured yet");
    }

    DataNode node() {
        return node;
    }

    HikariDataSource pool() {
        return pool;
    }

    Endpoint endpoint() {
        return endpoint;
    }

    ReplicaStatus status() {
        return status;
    }


    boolean usable() {
        return status.usable();
    }

    /**
     * A sample came back: the replica is reachable, and {@code next} says how far behind it is. The state and the
     * replayed position travel in that one immutable status, so a reader never sees one without the other.
     */
    synchronized void sampled(ReplicaStatus next) {
        failures = 0;
        status = next;
    }

    /** It failed (a probe or a reader's connection): out of the read set until a probe after the backoff succeeds. */
    synchronized void failed(String problem, long nowNanos, long intervalNanos) {
        if (status.state() == ReplicaStatus.State.DOWN && nowNanos < retryAtNanos) {
            return;
        }
        failures++;
        long backoff = Math.min(MAX_BACKOFF_NANOS, intervalNanos << Math.min(failures - 1, 20));
        retryAtNanos = nowNanos + backoff;
        status = new ReplicaStatus(node.name(), ReplicaStatus.State.DOWN, null, -1, null, problem);
    }

    /** Whether the monitor should probe it now (it is not waiting out a backoff). */
    synchronized boolean probeDue(long nowNanos) {
        return status.state() != ReplicaStatus.State.DOWN || nowNanos >= retryAtNanos;
    }

    @Override
    public String toString() {
        return node.name();
    }
}
