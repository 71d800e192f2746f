package dev.horizon.data.shard;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/**
 * Wraps data sources so that every statement they run goes, in order, into one ledger with the rows it touched:
 * rows read through its result set plus rows its updates reported. It measures what code does to the databases from
 * the outside, whatever that code reports about itself.
 */
final class CountingDataSource {

    /** One statement run: its SQL and the rows it read or wrote. */
    record Executed(String sql, AtomicLong rows) {
        boolean startsWith(String prefix) {
            return sql.strip().toUpperCase(Locale.ROOT).startsWith(prefix);
        }

        @Override
        public String toString() {
            return sql + " (" + rows + " row(s))";
        }
    }

    private final List<Executed> ledger = new CopyOnWriteArrayList<>();

    /** {@code ds}, counted in this ledger. */
    DataSource wrap(DataSource ds) {
        return proxy(DataSource.class, ds, (method, args, result) ->
            method.getName().equals("getConnection") ? proxy(Connection.class, result, this::connection) : result);
    }

    /** The statements from the first one starting with {@code first} to the last one starting with {@code last}. */
    List<Executed> window(String first, String last) {
        List<Executed> all = List.copyOf(ledger);
        int from = -1;
        int to = -1;
        for (int i = 0; i < all.size(); i++) {
            if (from < 0 && all.get(i).startsWith(first)) {
                from = i;
            }
            if (all.get(i).startsWith(last)) {
                to = i;
            }
        }
        if (from < 0 || to < from) {
            throw new AssertionError("no window from '" + first + "' to '" + last + "' in " + all);
        }
        return new ArrayList<>(all.subList(from, to + 1));
    }

    /** The rows the statements touched, together. */
    static long rows(List<Executed> statements) {
        return statements.stream().mapToLong(e -> e.rows().get()).sum();
    }

    private @Nullable Object connection(Method method, @Nullable Object[] args, @Nullable Object result) {
        return switch (method.getName()) {
            case "createStatement" -> proxy(Statement.class, result, statement(null));
            case "prepareStatement" -> proxy(PreparedStatement.class, result, statement((String) args[0]));
            default -> result;
        };
    }

    /** Records each execution (of {@code prepared}, or of the SQL passed) and counts the rows it touched. */
    private Handler statement(@Nullable String prepared) {
        return (method, args, result) -> {
            String name = method.getName();
            if (!name.startsWith("execute")) {
                return result;
            }
            String sql = args != null && args.length > 0 && args[0] instanceof String s ? s : prepared;
            Executed e = new Executed(String.valueOf(sql), new AtomicLong());
            ledger.add(e);
            if (result instanceof ResultSet) {
                return proxy(ResultSet.class, result, (m, a, value) -> {
                    if (m.getName().equals("next") && Boolean.TRUE.equals(value)) {
                        e.rows().incrementAndGet();
                    }
                    return value;
                });
            }
            if (name.equals("executeUpdate") && result instanceof Integer n) {
                e.rows().addAndGet(n);
            } else if (result instanceof int[] counts) {
                for (int n : counts) {
                    e.rows().addAndGet(n == Statement.SUCCESS_NO_INFO ? 1 : n);
                }
            }
            return result;
        };
    }

    /** Turns the result of one call on a wrapped object into what the caller gets. */
    @FunctionalInterface
    private interface Handler {
        @Nullable Object after(Method method, @Nullable Object[] args, @Nullable Object result);
    }

    private static <T> T proxy(Class<T> type, @Nullable Object target, Handler handler) {
        InvocationHandler h = (self, method, args) -> {
            Object result;
            try {
                result = method.invoke(target, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
            return handler.after(method, args, result);
        };
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, h));
    }
}
