package dev.horizon.data;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executor;
import org.jspecify.annotations.Nullable;

/**
 * The pooled connections one routing connection holds, taken only when a statement needs one: at most one primary
 * connection, one replica lease for its read-only work, and, for {@link TransactionReads#PER_STATEMENT}, one lease per
 * open statement of the current transaction.
 *
 * <p>Every connection taken goes back to its pool whatever fails: when applying the connection's settings to it fails
 * (it is closed before the failure is thrown), when a statement gives its own lease back, when the transaction ends,
 * when a lease is replaced because its replica went away, on close and on abort.
 */
final class Leases {

    /** Applies the routing connection's settings to a physical connection just taken. */
    @FunctionalInterface
    interface Setup {
        void apply(Connection c, boolean primary) throws SQLException;
    }

    private final SplittingDataSource source;
    private final DataScope.Hints hints;
    private final Setup setup;
    private @Nullable Connection primary;
    private @Nullable Lease replica;
    private final List<Lease> statementReplicas = new ArrayList<>();

    Leases(SplittingDataSource source, DataScope.Hints hints, Setup setup) {
        this.source = source;
        this.hints = hints;
        this.setup = setup;
    }

    /** The physical connection for a target; for {@link StatementRouter.Target#STATEMENT_REPLICA} a new lease. */
    Lease lease(StatementRouter.Target target) throws SQLException {
        return switch (target) {
            case PRIMARY -> Lease.fallback(primary());
            case REPLICA -> replica();
            case STATEMENT_REPLICA -> {
                Lease lease = readLease(new HashSet<>());
                statementReplicas.add(lease);
                yield lease;
            }
        };
    }

    /** The primary connection, taken (with the settings applied) on first use. */
    Connection primary() throws SQLException {
        Connection c = primary;
        if (c == null) {
            c = source.primaryConnection();
            try {
                setup.apply(c, true);
            } catch (SQLException | RuntimeException e) {
                closeAfter(e, c::close);
                throw e;
            }
            primary = c;
        }
        return c;
    }

    /** The primary connection if one was taken, else {@code null}. */
    @Nullable Connection primaryIfTaken() {
        return primary;
    }

    private Lease replica() throws SQLException {
        Lease lease = replica;
        if (lease == null) {
            lease = readLease(new HashSet<>());
            replica = lease;
        }
        return lease;
    }

    /** A read lease with the settings applied; given back when applying them fails. */
    private Lease readLease(Set<Replica> excluded) throws SQLException {
        Lease lease = source.readConnection(hints.after(), excluded);
        try {
            setup.apply(lease.connection(), false);
        } catch (SQLException | RuntimeException e) {
            closeAfter(e, lease::close);
            throw e;
        }
        return lease;
    }

    private static void closeAfter(Exception failure, Closer closer) {
        try {
            closer.close();
        } catch (SQLException suppressed) {
            failure.addSuppressed(suppressed);
        }
    }

    /**
     * A statement gives back a lease it no longer uses: a per-statement read lease is rolled back when a transaction
     * is open (its read-only transaction ends) and returned to its pool at once; the connection's own leases stay.
     */
    void release(Lease lease, boolean inTransaction) throws SQLException {
        if (!statementReplicas.remove(lease)) {
            return;
        }
        try {
            if (inTransaction) {
                lease.connection().rollback();
            }
        } catch (SQLException e) {
            lease.discard();
            return;
        }
        lease.close();
    }

    /**
     * The lease {@code failed} broke because its server went away: the replica leaves the read set, and a new lease
     * (another replica, or the primary) replaces it. A lease this connection no longer holds is replaced by the
     * connection's replica lease.
     */
    Lease replace(Lease failed, SQLException cause) throws SQLException {
        boolean fixed = replica == failed;
        if (!fixed && !statementReplicas.contains(failed)) {
            return lease(StatementRouter.Target.REPLICA);
        }
        Set<Replica> excluded = new HashSet<>();
        Replica lost = failed.replica();
        if (lost != null) {
            source.lost(lost, cause);
            excluded.add(lost);
        }
        failed.discard();
        if (fixed) {
            replica = null;
        } else {
            statementReplicas.remove(failed);
        }
        source.retried();
        Lease next = readLease(excluded);
        if (fixed) {
            replica = next;
        } else {
            statementReplicas.add(next);
        }
        return next;
    }

    /** Every physical connection held now, the primary first. */
    List<Connection> held() {
        List<Connection> out = new ArrayList<>(2 + statementReplicas.size());
        if (primary != null) {
            out.add(primary);
        }
        if (replica != null) {
            out.add(replica.connection());
        }
        statementReplicas.forEach(l -> out.add(l.connection()));
        return out;
    }

    /** Commits the read connections' transactions (the replica lease's, then each statement's), not the primary's. */
    void commitReads() throws SQLException {
        if (replica != null) {
            replica.connection().commit();
        }
        for (Lease l : statementReplicas) {
            l.connection().commit();
        }
    }

    /** The transaction ended: every per-statement lease goes back to its pool; the first failure after all tried. */
    void endTransaction() throws SQLException {
        SQLException failure = null;
        for (Lease l : statementReplicas) {
            try {
                l.close();
            } catch (SQLException e) {
                failure = failure == null ? e : failure;
            }
        }
        statementReplicas.clear();
        if (failure != null) {
            throw failure;
        }
    }

    /** Returns every physical connection to its pool; the first failure, if any, after trying them all. */
    @Nullable SQLException giveBack() {
        List<Closer> all = new ArrayList<>();
        if (replica != null) {
            all.add(replica::close);
        }
        statementReplicas.forEach(l -> all.add(l::close));
        if (primary != null) {
            all.add(primary::close);
        }
        replica = null;
        primary = null;
        statementReplicas.clear();
        SQLException failure = null;
        for (Closer c : all) {
            try {
                c.close();
            } catch (SQLException e) {
                failure = failure == null ? e : failure;
            }
        }
        return failure;
    }

    /**
     * Aborts every physical connection held, then gives each back to its pool (which evicts it), so an aborted
     * connection leaks no pooled connection and no replica's in-flight count. The first failure to abort, if any (an
     * aborted connection may fail to close; the pool evicts it all the same).
     */
    @Nullable SQLException abort(Executor executor) {
        SQLException failure = null;
        for (Connection c : held()) {
            try {
                c.abort(executor);
            } catch (SQLException e) {
                failure = failure == null ? e : failure;
            }
        }
        giveBack();
        return failure;
    }

    @Override
    public String toString() {
        Lease r = replica;
        return "primary=" + (primary != null) + ", replica="
            + (r == null ? "none" : r.replica() == null ? "primary" : r.replica());
    }

    /** Something held that must be given back. */
    @FunctionalInterface
    private interface Closer {
        void close() throws SQLException;
    }
}
