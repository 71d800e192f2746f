package dev.horizon.data;

import java.util.Objects;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * Routing hints for the work the current thread does inside a {@code try}-with-resources block: read-only work (to a
 * replica), work that must see the primary, or work that must see a causal token.
 *
 * <p>{@code RoutingDataSource} ({@code horizon-data-replicas}) reads the hints when a connection is taken
 * ({@code getConnection()}), so a connection keeps the hints it was taken under. Scopes nest; closing a scope
 * restores exactly what was in force before it was opened, also when scopes opened inside it were never closed, so an
 * outer scope (the servlet filter's, say) clears every hint before the thread serves its next user. Hints do not
 * follow work handed to other threads.
 *
 * <pre>{@code
 * try (DataScope ignored = DataScope.readOnly()) {
 *     catalog.search(query);        // a replica
 * }
 * }</pre>
 */
public final class DataScope implements AutoCloseable {

    private static final ThreadLocal<Hints> CURRENT = ThreadLocal.withInitial(() -> Hints.NONE);

    private final Hints previous;
    private boolean closed;

    private DataScope(Hints hints) {
        this.previous = CURRENT.get();
        CURRENT.set(hints);
    }

    /**
     * Read-only work: every statement goes to a replica (or as the data source's {@code NoReplica} says when none is
     * usable).
     */
    public static DataScope readOnly() {
        return new DataScope(CURRENT.get().with(Route.REPLICA));
    }

    /** Work that must run on the primary, such as a SELECT that calls a function that writes. */
    public static DataScope primary() {
        return new DataScope(CURRENT.get().with(Route.PRIMARY));
    }

    /**
     * Work that must see a causal token: replica reads go only to a replica that has replayed {@code after} (waiting a
     * bounded time, else the primary), and each write's token is handed to {@code onWrite} when its transaction
     * commits, so the caller can store it where the user's next request will find it (the session).
     *
     * @param after   the user's last token, or {@code null} when they have not written yet
     * @param onWrite receives the token of every write made in the scope, in commit order
     */
    public static DataScope causal(@Nullable CausalToken after, Consumer<CausalToken> onWrite) {
        Objects.requireNonNull(onWrite, "onWrite");
        Hints now = CURRENT.get();
        return new DataScope(new Hints(now.route(), new Causal(after, onWrite, now.causal())));
    }

    /** The hints in force on this thread. */
    static Hints current() {
        return CURRENT.get();
    }

    /** Restores the hints in force when this scope was opened. Closing twice does nothing. */
    @Override
    public void close() {
        if (!closed) {
            closed = true;
            if (previous == Hints.NONE) {
                CURRENT.remove();
            } else {
                CURRENT.set(previous);
            }
        }
    }

    /** Where a connection's statements must go, when a scope says so. */
    enum Route {
        /** As the statement and the connection's state decide. */
        ANY,
        /** A replica. */
        REPLICA,
        /** The primary. */
        PRIMARY
    }

    /** One thread's hints: a forced route, and the causal chain reads must respect and writes must report to. */
    record Hints(Route route, @Nullable Causal causal) {

        static final Hints NONE = new Hints(Route.ANY, null);

        Hints with(Route newRoute) {
            return new Hints(newRoute, causal);
        }

        /** The token reads must see, or {@code null}. */
        @Nullable CausalToken after() {
            return causal == null ? null : causal.after();
        }
    }

    /**
     * The token of one causal scope: raised by each write made in it (and in the scopes inside it), which it reports
     * to its consumer and to the enclosing causal scope.
     */
    static final class Causal {

        private volatile @Nullable CausalToken after;
        private final Consumer<CausalToken> onWrite;
        private final @Nullable Causal outer;

        Causal(@Nullable CausalToken after, Consumer<CausalToken> onWrite, @Nullable Causal outer) {
            CausalToken outerAfter = outer == null ? null : outer.after();
            this.after = after == null ? outerAfter : outerAfter == null ? after : after.max(outerAfter);
            this.onWrite = onWrite;
            this.outer = outer;
        }

        @Nullable CausalToken after() {
            return after;
        }

        /** A write in this scope committed at {@code token}. */
        void wrote(CausalToken token) {
            CausalToken now = after;
            after = now == null ? token : now.max(token);
            onWrite.accept(token);
            if (outer != null) {
                outer.wrote(token);
            }
        }
    }
}
