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
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The statements a {@link RoutingConnection} hands out: a proxy over one physical statement at a time.
 *
 * <p>A prepared or callable statement is prepared where its text routes it. A plain statement learns its text only
 * at {@code execute…(sql)}, so it routes each execution and moves to another physical connection when the route
 * changes (closing its previous result, as any re-execution does). Setters are recorded when the statement may have
 * to be re-created — a plain statement, or any statement on a replica — so that an auto-commit read whose replica
 * went away runs again, with the same parameters, on another replica or the primary.
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
    private final List<Object[]> recorded = new ArrayList<>();
    private final List<Method> recordedMethods = new ArrayList<>();
    private @Nullable Statement current;
    private @Nullable Lease lease;
    private RoutingConnection.@Nullable Target target;
    private boolean records;
    private boolean closed;

    private StatementHandler(RoutingConnection owner, Kind kind, @Nullable String sql, Object[] createArgs) {
        this.owner = owner;
        this.kind = kind;
        this.sql = sql;
        this.createArgs = createArgs;
        this.records = kind == Kind.STATEMENT;
    }

    static Statement create(RoutingConnection owner, Kind kind, @Nullable String sql, Object[] createArgs)
            throws SQLException {
        StatementHandler handler = new StatementHandler(owner, kind, sql, createArgs);
        if (sql != null) {
            handler.open(owner.route(sql), sql);
        }
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
                closeCurrent();
                closed = true;
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
        if (kind == Kind.STATEMENT && args != null && args.length > 0 && args[0] instanceof String text
            && (name.startsWith("execute") || name.equals("addBatch"))) {
            RoutingConnection.Target next = name.equals("addBatch") ? RoutingConnection.Target.PRIMARY
                : owner.route(text);
            if (next != target || next == RoutingConnection.Target.STATEMENT_REPLICA) {
                open(next, text);
            } else if (next == RoutingConnection.Target.PRIMARY) {
                owner.runsOnPrimary(text);
            }
            return execute(method, args);
        }
        if (current == null) {
            if (isSetter(method)) {
                record(method, args);
                return null;
            }
            open(RoutingConnection.Target.PRIMARY, null);
        }
        if (name.startsWith("execute")) {
            return execute(method, args);
        }
        if (records && isSetter(method)) {
            record(method, args);
        }
        return call(current(), method, args);
    }

    private static boolean isSetter(Method method) {
        String name = method.getName();
        return name.startsWith("set") || name.equals("clearParameters") || name.equals("registerOutParameter");
    }

    private void record(Method method, Object @Nullable [] args) {
        recordedMethods.add(method);
        recorded.add(args == null ? new Object[0] : args.clone());
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
    private void open(RoutingConnection.Target next, @Nullable String text) throws SQLException {
        Lease nextLease = owner.lease(next);
        if (next == RoutingConnection.Target.PRIMARY) {
            owner.runsOnPrimary(text);
        } else {
            records = true;
        }
        target = next;
        reopen(nextLease);
    }

    private void reopen(Lease nextLease) throws SQLException {
        closeCurrent();
        lease = nextLease;
        Statement s = physical(nextLease.connection());
        current = s;
        for (int i = 0; i < recorded.size(); i++) {
            try {
                recordedMethods.get(i).invoke(s, recorded.get(i));
            } catch (InvocationTargetException | IllegalAccessException e) {
                throw new SQLException("could not replay " + recordedMethods.get(i).getName() + " on a new "
                    + "statement: " + e.getCause(), e);
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

    private static @Nullable Object call(Statement target, Method method, Object @Nullable [] args)
            throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause() == null ? e : e.getCause();
        }
    }
}
