package dev.horizon.data;

import org.jspecify.annotations.Nullable;

/**
 * Where a statement runs, decided from its text and its connection's {@link ConnectionState} alone: no I/O, no
 * connections, so every combination is tested as a table ({@code StatementRouterTest}).
 *
 * <p>In order: a {@link DataScope#primary()} scope sends everything to the primary; a read-only connection or a
 * {@link DataScope#readOnly()} scope, everything to the connection's replica; after the connection wrote, or when the
 * text is unknown, or when statements are not classified at all, the primary. Otherwise a provably read-only statement
 * ({@link ReadOnlySql}) outside a transaction goes to a replica when plain selects are routed, and one inside a
 * transaction as {@link TransactionReads} says; anything else to the primary. The text is classified only when the
 * answer depends on it.
 */
final class StatementRouter {

    /** Where one statement runs. */
    enum Target {
        /** The connection's primary connection. */
        PRIMARY,
        /** The connection's one replica lease. */
        REPLICA,
        /** A replica lease of the statement's own, given back when the statement moves or the transaction ends. */
        STATEMENT_REPLICA
    }

    private final boolean routePlainSelects;
    private final TransactionReads transactionReads;

    private StatementRouter(boolean routePlainSelects, TransactionReads transactionReads) {
        this.routePlainSelects = routePlainSelects;
        this.transactionReads = transactionReads;
    }

    /** The router for a data source's {@code routePlainSelects} and {@code transactionReads} options. */
    static StatementRouter of(boolean routePlainSelects, TransactionReads transactionReads) {
        return new StatementRouter(routePlainSelects, transactionReads);
    }

    /** Whether any statement's text can change where it goes, so statements must be classified. */
    boolean classifiesStatements() {
        return routePlainSelects || transactionReads != TransactionReads.PRIMARY;
    }

    /** Where a statement with this text ({@code null} when not known, as for a batch) runs. */
    Target route(ConnectionState state, @Nullable String sql) {
        if (state.scope() == DataScope.Route.PRIMARY) {
            return Target.PRIMARY;
        }
        if (state.readOnly() || state.scope() == DataScope.Route.REPLICA) {
            return Target.REPLICA;
        }
        if (sql == null || state.wrote() || !classifiesStatements()) {
            return Target.PRIMARY;
        }
        if (state.autoCommit()) {
            return routePlainSelects && ReadOnlySql.isReadOnly(sql) ? Target.REPLICA : Target.PRIMARY;
        }
        return switch (transactionReads) {
            case PRIMARY -> Target.PRIMARY;
            case FIXED_REPLICA -> ReadOnlySql.isReadOnly(sql) ? Target.REPLICA : Target.PRIMARY;
            case PER_STATEMENT -> ReadOnlySql.isReadOnly(sql) ? Target.STATEMENT_REPLICA : Target.PRIMARY;
        };
    }

    /**
     * Whether a statement with this text that runs on the primary counts as a write: it moves the connection's later
     * reads to the primary and, in a causal scope, owes a token. Writes are tracked only when something depends on
     * them (a causal scope, or classified statements). Unknown text may write; inside {@link DataScope#primary()}
     * every statement may (the scope is how a SELECT that calls a function that writes is run).
     */
    boolean writes(ConnectionState state, @Nullable String sql) {
        if (!state.causal() && !classifiesStatements()) {
            return false;
        }
        return sql == null || state.scope() == DataScope.Route.PRIMARY || !ReadOnlySql.isReadOnly(sql);
    }

    /**
     * Whether a read that failed because its server went away may run again elsewhere: outside a transaction (whose
     * snapshot is gone with the server) and before the connection wrote (whose reads must see the write).
     */
    boolean readsAreRetryable(ConnectionState state) {
        return state.autoCommit() && !state.wrote();
    }
}
