package dev.horizon.data;

import dev.horizon.duration.DurationText;
import dev.horizon.balance.Algorithm;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/**
 * A JDBC {@link DataSource} over a PostgreSQL primary and its streaming replicas, one HikariCP pool per server, that
 * sends read-only work to a replica that is keeping up and everything else to the primary.
 *
 * <p>Routing, decided per statement of each connection it hands out:
 * <ul>
 *   <li>Read-only work goes to a replica: a connection with {@link java.sql.Connection#setReadOnly setReadOnly(true)},
 *       one taken inside {@link DataScope#readOnly()}, or — when {@link Builder#routePlainSelects} is on — a
 *       provably read-only statement (a plain SELECT; see {@code docs/data.md}) outside a transaction.</li>
 *   <li>Everything else goes to the primary: writes, {@code SELECT … FOR UPDATE}, statements that are not provably
 *       read-only, reads after the connection's first write, anything inside {@link DataScope#primary()}, and the
 *       reads of a read-write transaction unless {@link Builder#transactionReads} says otherwise.</li>
 *   <li>A replica is chosen by a {@code balance} algorithm among those whose replay lag, measured every
 *       {@link Builder#lagCheckInterval} from the WAL positions, is within {@link Builder#maxLag}; one that cannot be
 *       reached is ejected and retried with backoff. An auto-commit read that fails because its replica went away is
 *       run again on another replica or the primary.</li>
 *   <li>Inside {@link DataScope#causal}, reads go only to a replica that has replayed the scope's {@link CausalToken}
 *       (waiting up to {@link Builder#causalWait}, else the primary), and each commit's token is reported.</li>
 * </ul>
 *
 * <p>Thread-safe. {@link #close()} closes every pool and stops the lag monitor.
 */
public interface RoutingDataSource extends DataSource, AutoCloseable {

    /** What the lag monitor last learned about each replica, in configuration order. */
    List<ReplicaStatus> replicas();

    /** Counts of connections handed to each server so far, for metrics and tests. */
    RoutingStats stats();

    /** Closes every pool and stops the lag monitor. */
    @Override
    void close();

    /** Starts a configuration; {@link Builder#build()} opens the pools and starts the lag monitor. */
    static Builder builder(DataNode primary) {
        return new Builder(primary);
    }

    /** Configuration of a {@link RoutingDataSource}; every option has a default. */
    final class Builder {

        private final DataNode primary;
        private final List<DataNode> replicas = new ArrayList<>();
        private Algorithm balance = Algorithm.ROUND_ROBIN;
        private Duration maxLag = Duration.ofSeconds(1);
        private long maxLagBytes = 16L * 1024 * 1024;
        private Duration lagCheckInterval = Duration.ofMillis(250);
        private NoReplica noReplica = NoReplica.PRIMARY;
        private TransactionReads transactionReads = TransactionReads.PRIMARY;
        private boolean routePlainSelects;
        private Duration causalWait = Duration.ofMillis(200);

        Builder(DataNode primary) {
            this.primary = Objects.requireNonNull(primary, "primary");
        }

        /** Adds a streaming replica of the primary. */
        public Builder replica(DataNode replica) {
            Objects.requireNonNull(replica, "replica");
            if (replica.name().equals(primary.name())
                || replicas.stream().anyMatch(r -> r.name().equals(replica.name()))) {
                throw new IllegalArgumentException("data node name: '" + replica.name() + "' is used twice");
            }
            replicas.add(replica);
            return this;
        }

        /** How a read picks among the usable replicas (default {@code round-robin}). */
        public Builder balance(Algorithm algorithm) {
            this.balance = Objects.requireNonNull(algorithm, "algorithm");
            return this;
        }

        /** A replica further behind than this, in time, leaves the read set until it catches up (default 1 s). */
        public Builder maxLag(Duration lag) {
            this.maxLag = positive("max lag", lag);
            return this;
        }

        /** A replica further behind than this, in WAL bytes, leaves the read set (default 16 MiB). */
        public Builder maxLagBytes(long bytes) {
            if (bytes < 0) {
                throw new IllegalArgumentException("max lag bytes: " + bytes + " (expected: 0 or more)");
            }
            this.maxLagBytes = bytes;
            return this;
        }

        /** How often every server's WAL position is read (default 250 ms, at least 10 ms). */
        public Builder lagCheckInterval(Duration interval) {
            positive("lag check interval", interval);
            if (interval.toMillis() < 10) {
                throw new IllegalArgumentException("lag check interval: " + DurationText.format(interval)
                    + " (expected: at least 10ms)");
            }
            this.lagCheckInterval = interval;
            return this;
        }

        /** What a read does when no replica is usable (default {@link NoReplica#PRIMARY}). */
        public Builder noReplica(NoReplica policy) {
            this.noReplica = Objects.requireNonNull(policy, "policy");
            return this;
        }

        /** Where the reads of a read-write transaction go (default {@link TransactionReads#PRIMARY}). */
        public Builder transactionReads(TransactionReads strategy) {
            this.transactionReads = Objects.requireNonNull(strategy, "strategy");
            return this;
        }

        /**
         * Whether a provably read-only statement outside a transaction goes to a replica without any other hint
         * (default off: only read-only connections and scopes do).
         */
        public Builder routePlainSelects(boolean enabled) {
            this.routePlainSelects = enabled;
            return this;
        }

        /**
         * How long a causal read waits for a replica to replay its token before it goes to the primary (default
         * 200 ms; zero goes to the primary at once).
         */
        public Builder causalWait(Duration wait) {
            Objects.requireNonNull(wait, "wait");
            if (wait.isNegative()) {
                throw new IllegalArgumentException("causal wait: " + DurationText.format(wait)
                    + " (expected: 0 or more)");
            }
            this.causalWait = wait;
            return this;
        }

        /** Opens the pools (lazily connecting) and starts the lag monitor. */
        public RoutingDataSource build() {
            return new SplittingDataSource(new RoutingSettings(primary, List.copyOf(replicas), balance, maxLag,
                maxLagBytes, lagCheckInterval, noReplica, transactionReads, routePlainSelects, causalWait));
        }

        private static Duration positive(String what, @Nullable Duration d) {
            Objects.requireNonNull(d, what);
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(what + ": " + DurationText.format(d) + " (expected: more than 0)");
            }
            return d;
        }
    }
}
