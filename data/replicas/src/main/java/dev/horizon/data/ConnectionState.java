package dev.horizon.data;

/**
 * What decides where a routing connection's next statement runs, besides the statement itself: an immutable snapshot
 * the connection replaces on every change, so {@link StatementRouter} is a function of it.
 *
 * @param scope      the route the {@link DataScope} in force when the connection was taken forces, if any
 * @param causal     whether the connection was taken inside a causal scope (its writes must be reported)
 * @param readOnly   {@code setReadOnly(true)} is in force
 * @param autoCommit {@code setAutoCommit(true)} is in force: no transaction is open
 * @param wrote      a statement that may write ran on the primary (as far as writes are tracked)
 */
record ConnectionState(DataScope.Route scope, boolean causal, boolean readOnly, boolean autoCommit, boolean wrote) {

    /** A new connection's state under the hints of its scope: auto-commit, read-write, nothing written. */
    static ConnectionState of(DataScope.Hints hints) {
        return new ConnectionState(hints.route(), hints.causal() != null, false, true, false);
    }

    ConnectionState withReadOnly(boolean enabled) {
        return new ConnectionState(scope, causal, enabled, autoCommit, wrote);
    }

    ConnectionState withAutoCommit(boolean enabled) {
        return new ConnectionState(scope, causal, readOnly, enabled, wrote);
    }

    ConnectionState withWrite() {
        return wrote ? this : new ConnectionState(scope, causal, readOnly, autoCommit, true);
    }
}
