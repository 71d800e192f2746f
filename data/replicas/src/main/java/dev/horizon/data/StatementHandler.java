package dev.horizon.data;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The statements a {@link RoutingConnection} hands out: a proxy over one physical statement at a time.
 *
 * <p>Every execution is routed afresh (a plain statement's text is known only then; a prepared one's route changes
 * when its connection writes, begins or ends a transaction, or turns read-only), and the statement moves to another
 * physical connection when the route changes, closing its previous result as any re-execution does. The latest call
 * of each setter is recorded and replayed on the new physical statement, so the parameters hold after a move, and an
 * auto-commit read whose replica went away runs again, with the same parameters, on another replica or the primary.
 */
final class StatementHandler implements InvocationHandler {

    /** Which kind of JDBC statement a proxy stands for. */
    enum Kind {
        STATEMENT(Statement.class),
        PREPARED(PreparedStatement.class),
        CALLABLE(CallableStatement.class);

        private final Class<?> type;

        Kind(Class<?> type) {
            this.type = type;
        }
    }

    private static final int MAX_RETRIES = 3;

    private final RoutingConnection owner;
    private final Kind kind;
    private final @Nullable String sql;
    private final Object[] createArgs;
    private final Map<String, Invocation> recorded = new LinkedHashMap<>();
    private @Nullable Statement current;
    private @Nullable Lease lease;
    private RoutingConnection.@Nullable Target target;
    private boolean closed;

    private StatementHandler(RoutingConnection owner, Kind kind, @Nullable String sql, Object[] createArgs) {
        this.owner = owner;
        this.kind = kind;
        this.sql = sql;
        this.createArgs = createArgs;
    }

    static Statement create(RoutingConnection owner, Kind kind, @Nullable String sql, Object[] createArgs) {
        StatementHandler handler = new StatementHandler(owner, kind, sql, createArgs);
        return (Statement) Proxy.newProxyInstance(StatementHandler.class.getClassLoader(),
            new Class<?>[] {kind.type}, handler);
    }

    @Override
    public @Nullable Object invoke(Object proxy, Method method, Object @Nullable [] args) throws Throwable {
        String name = method.getName();
        if (method.getDeclaringClass() == Object.class) {
            return switch (name) {
                case "hashCode" -> System.identityHashCode(proxy);
                case "equals" -> args != null && proxy == args[0];
                default -> "RoutingStatement[" + kind + ", " + target + "]";
            };
        }
        switch (name) {
            case "getConnection":
                return owner;
            case "isClosed":
                return closed;
            case "close":
                if (!closed) {
                    closed = true;
                    moveOff();
                }
                return null;
            case "unwrap":
                if (args != null && args[0] instanceof Class<?> iface && iface.isInstance(proxy)) {
                    return proxy;
                }
                break;
            case "isWrapperFor":
                if (args != null && args[0] instanceof Class<?> iface && iface.isInstance(proxy)) {
                    return true;
                }
                break;
            default:
                break;
        }
        if (closed) {
            throw new SQLException("statement is closed", "HY010");
        }
        if (name.startsWith("execute")) {
            String text = kind == Kind.STATEMENT ? (args != null && args.length > 0 && args[0] instanceof String t
                ? t : null) : sql;
            if (text != null && !name.equals("executeBatch")) {
                RoutingConnection.Target next = owner.route(text);
                if (current == null || next != target || next == RoutingConnection.Target.STATEMENT_REPLICA) {
                    open(next);
                }
            } else if (current == null) {
                open(RoutingConnection.Target.PRIMARY);
            }
            if (target == RoutingConnection.Target.PRIMARY) {
                owner.runsOnPrimary(text);
            }
            return execute(method, args);
        }
        if (kind == Kind.STATEMENT && name.equals("addBatch")) {
            if (target != RoutingConnection.Target.PRIMARY) {
                open(RoutingConnection.Target.PRIMARY);
            }
            return call(current(), method, args);
        }
        if (isSetter(method)) {
            record(method, args);
            return current == null ? null : call(current(), method, args);
        }
        if (current == null) {
            open(sql == null ? RoutingConnection.Target.PRIMARY : owner.route(sql));
        }
        return call(current(), method, args);
    }

    private static boolean isSetter(Method method) {
        String name = method.getName();
        return name.startsWith("set") || name.equals("clearParameters") || name.equals("registerOutParameter");
    }

    /**
     * Keeps the latest call of each setter, so a statement that moves replays them on its new physical statement: a
     * parameter by its index or name (a later value replaces an earlier one; {@code clearParameters} drops them all),
     * anything else by its method name. Bounded by the statement's parameters, however often it is executed.
     */
    private void record(Method method, Object @Nullable [] args) {
        Object[] copy = args == null ? new Object[0] : args.clone();
        String name = method.getName();
        if (name.equals("clearParameters")) {
            recorded.keySet().removeIf(k -> k.startsWith("p:"));
            return;
        }
        String key = copy.length >= 2 && (copy[0] instanceof Integer || copy[0] instanceof String)
            ? (name.equals("registerOutParameter") ? "o:" : "p:") + copy[0] : name;
        recorded.remove(key);
        recorded.put(key, new Invocation(method, copy));
    }

    /** Runs an execute method; an auto-commit read whose replica went away runs again elsewhere. */
    private @Nullable Object execute(Method method, Object @Nullable [] args) throws Throwable {
        int attempts = 0;
        while (true) {
            try {
                return method.invoke(current(), args);
            } catch (InvocationTargetException e) {
                Throwable cause = e.getCause();
                Lease failed = lease;
                if (cause instanceof SQLException se && failed != null && failed.replica() != null
                    && target != RoutingConnection.Target.PRIMARY && owner.readsAreRetryable()
                    && ConnectionLoss.is(se) && attempts++ < MAX_RETRIES) {
                    Lease next = owner.replace(failed, se);
                    reopen(next);
                    continue;
                }
                throw cause == null ? e : cause;
            }
        }
    }

    /** Moves this statement to a new physical statement on the target's connection. */
    private void open(RoutingConnection.Target next) throws SQLException {
        Lease nextLease = owner.lease(next);
        try {
            reopen(nextLease);
        } catch (SQLException | RuntimeException e) {
            // the lease goes back to its pool: nothing here may point at it or at a statement on its connection
            if (lease == nextLease) {
                lease = null;
                current = null;
            }
            owner.release(nextLease);
            throw e;
        }
        target = next;
    }

    private void reopen(Lease nextLease) throws SQLException {
        moveOff();
        lease = nextLease;
        Statement s = physical(nextLease.connection());
        current = s;
        for (Invocation call : recorded.values()) {
            try {
                call.method().invoke(s, call.args());
            } catch (InvocationTargetException | IllegalAccessException e) {
                throw new SQLException("could not replay " + call.method().getName() + " on a new statement: "
                    + e.getCause(), e);
            }
        }
    }

    /**
     * Closes the physical statement, and gives back its lease when it was this statement's own (a per-statement read
     * of a transaction): its result is gone, so a transaction holds one replica lease per open statement at most.
     */
    private void moveOff() throws SQLException {
        Lease previous = lease;
        try {
            closeCurrent();
        } finally {
            lease = null;
            if (previous != null) {
                owner.release(previous);
            }
        }
    }

    private Statement physical(Connection c) throws SQLException {
        String text = sql;
        Object[] a = createArgs;
        return switch (kind) {
            case STATEMENT -> switch (a.length) {
                case 0 -> c.createStatement();
                case 2 -> c.createStatement((int) a[0], (int) a[1]);
                default -> c.createStatement((int) a[0], (int) a[1], (int) a[2]);
            };
            case PREPARED -> prepared(c, java.util.Objects.requireNonNull(text), a);
            case CALLABLE -> switch (a.length) {
                case 0 -> c.prepareCall(java.util.Objects.requireNonNull(text));
                case 2 -> c.prepareCall(java.util.Objects.requireNonNull(text), (int) a[0], (int) a[1]);
                default -> c.prepareCall(java.util.Objects.requireNonNull(text), (int) a[0], (int) a[1],
                    (int) a[2]);
            };
        };
    }

    private static PreparedStatement prepared(Connection c, String text, Object[] a) throws SQLException {
        return switch (a.length) {
            case 0 -> c.prepareStatement(text);
            case 1 -> switch (a[0]) {
                case int[] indexes -> c.prepareStatement(text, indexes);
                case String[] names -> c.prepareStatement(text, names);
                default -> c.prepareStatement(text, (int) a[0]);
            };
            case 2 -> c.prepareStatement(text, (int) a[0], (int) a[1]);
            default -> c.prepareStatement(text, (int) a[0], (int) a[1], (int) a[2]);
        };
    }

    private Statement current() {
        Statement s = current;
        if (s == null) {
            throw new IllegalStateException("no physical statement");
        }
        return s;
    }

    private void closeCurrent() throws SQLException {
        Statement s = current;
        current = null;
        if (s != null) {
            try {
                s.close();
            } catch (SQLException e) {
                if (lease == null || !ConnectionLoss.is(e)) {
                    throw e;
                }
            }
        }
    }

    /** One recorded setter call. */
    private record Invocation(Method method, Object[] args) {}

    private static @Nullable Object call(Statement target, Method method, Object @Nullable [] args)
            throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause() == null ? e : e.getCause();
        }
    }
}
