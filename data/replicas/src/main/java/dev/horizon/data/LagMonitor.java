package dev.horizon.data;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;

/**
 * Reads every server's WAL position each interval, on one thread per server so a hanging server delays no other:
 * the primary's {@code pg_current_wal_lsn()} into a {@link WalHistory}, and each replica's
 * {@code pg_last_wal_replay_lsn()}, from which it derives the replica's lag in bytes and time and its routing state.
 *
 * <p>Probes use their own connections (not the pools), with connect and socket timeouts, so a dead server shows as
 * {@link ReplicaStatus.State#DOWN} within about a second and never holds a pooled connection.
 */
final class LagMonitor implements AutoCloseable {

    private final RoutingSettings settings;
    private final List<Replica> replicas;
    private final Runnable onChange;
    private final LongSupplier nanoClock;
    private final WalHistory primaryWal = new WalHistory();
    private final ScheduledExecutorService scheduler;
    private final long intervalNanos;
    private final List<Probe> probes = new CopyOnWriteArrayList<>();

    LagMonitor(RoutingSettings settings, List<Replica> replicas, Runnable onChange, LongSupplier nanoClock) {
        this.settings = settings;
        this.replicas = replicas;
        this.onChange = onChange;
        this.nanoClock = nanoClock;
        this.intervalNanos = settings.lagCheckInterval().toNanos();
        AtomicInteger n = new AtomicInteger();
        this.scheduler = Executors.newScheduledThreadPool(1 + replicas.size(), r -> {
            Thread t = new Thread(r, "horizon-lag-monitor-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /** Starts sampling: the primary at once, each replica right after. */
    void start() {
        Probe primaryProbe = new Probe(settings.primary());
        scheduler.scheduleWithFixedDelay(() -> samplePrimary(primaryProbe), 0, intervalNanos, TimeUnit.NANOSECONDS);
        for (Replica r : replicas) {
            Probe probe = new Probe(r.node());
            scheduler.scheduleWithFixedDelay(() -> sampleReplica(r, probe), intervalNanos / 4, intervalNanos,
                TimeUnit.NANOSECONDS);
        }
    }

    /** The primary's last sampled WAL position, -1 when unknown. */
    long primaryPosition() {
        return primaryWal.latest();
    }

    private void samplePrimary(Probe probe) {
        try {
            String lsn = probe.query("SELECT pg_current_wal_lsn()::text");
            primaryWal.record(CausalToken.parse(lsn).lsn(), nanoClock.getAsLong());
        } catch (SQLException | RuntimeException e) {
            probe.reset();
        }
    }

    private void sampleReplica(Replica replica, Probe probe) {
        long now = nanoClock.getAsLong();
        if (!replica.probeDue(now)) {
            return;
        }
        try {
            String answer = probe.query("SELECT pg_is_in_recovery()::text || ' ' || "
                + "coalesce(pg_last_wal_replay_lsn()::text, '-')");
            now = nanoClock.getAsLong();
            judge(replica, answer, now);
        } catch (SQLException | RuntimeException e) {
            probe.reset();
            replica.failed("unreachable: " + e.getMessage(), nanoClock.getAsLong(), intervalNanos);
        }
        // Always: a reader may have marked the replica down while the probe ran, and the read set must follow the
        // state this sample left, not a comparison with a state read before it. Unchanged, the refresh is a no-op.
        onChange.run();
    }

    private void judge(Replica replica, String answer, long now) {
        String name = replica.node().name();
        String[] parts = answer.split(" ");
        if (!"true".equals(parts[0])) {
            replica.failed("not in recovery: it was promoted, or it is not a replica", now, intervalNanos);
            return;
        }
        if ("-".equals(parts[1])) {
            replica.sampled(new ReplicaStatus(name, ReplicaStatus.State.UNKNOWN, null, -1, null,
                "has replayed no WAL yet"));
            return;
        }
        long replayed = CausalToken.parse(parts[1]).lsn();
        long primarySeen = primaryWal.lastSampleNanos();
        if (primarySeen == Long.MIN_VALUE || now - primarySeen > 4 * intervalNanos) {
            replica.sampled(new ReplicaStatus(name, ReplicaStatus.State.UNKNOWN, new CausalToken(replayed), -1, null,
                "lag unknown: the primary's WAL position could not be read"));
            return;
        }
        long lagBytes = primaryWal.lagBytes(replayed);
        Duration lag = Duration.ofNanos(primaryWal.lagNanos(replayed, now));
        String problem = "";
        if (lag.compareTo(settings.maxLag()) > 0) {
            problem = "lag " + lag.toMillis() + "ms > max " + settings.maxLag().toMillis() + "ms";
        } else if (lagBytes > settings.maxLagBytes()) {
            problem = "lag " + lagBytes + " bytes > max " + settings.maxLagBytes() + " bytes";
        }
        replica.sampled(new ReplicaStatus(name, problem.isEmpty() ? ReplicaStatus.State.UP
            : ReplicaStatus.State.LAGGING, new CausalToken(replayed), lagBytes, lag, problem));
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
        try {
            scheduler.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        probes.forEach(Probe::reset);
    }

    /** One server's probe connection, opened on first use and again after any failure. */
    private final class Probe {

        private final DataNode node;
        private @Nullable Connection connection;

        Probe(DataNode node) {
            this.node = node;
            probes.add(this);
        }

        String query(String sql) throws SQLException {
            Connection c = connection;
            if (c == null) {
                Properties props = new Properties();
                if (!node.user().isEmpty()) {
                    props.setProperty("user", node.user());
                    props.setProperty("password", node.password());
                }
                long timeoutSeconds = Math.max(1, (intervalNanos * 4 + 999_999_999) / 1_000_000_000);
                props.setProperty("connectTimeout", Long.toString(timeoutSeconds));
                props.setProperty("socketTimeout", Long.toString(timeoutSeconds));
                props.setProperty("ApplicationName", "horizon-lag-monitor");
                c = DriverManager.getConnection(node.jdbcUrl(), props);
                connection = c;
            }
            try (Statement s = c.createStatement(); ResultSet r = s.executeQuery(sql)) {
                r.next();
                return r.getString(1);
            }
        }

        void reset() {
            Connection c = connection;
            connection = null;
            if (c != null) {
                try {
                    c.close();
                } catch (SQLException ignored) {
                    // the connection is broken already; a new one is opened on the next sample
                }
            }
        }
    }
}
