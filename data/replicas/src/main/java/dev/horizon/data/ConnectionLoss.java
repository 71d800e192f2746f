package dev.horizon.data;

import java.sql.SQLException;

/** Which failures mean the server (not the statement) went away, so a read may safely run again elsewhere. */
final class ConnectionLoss {

    private ConnectionLoss() {}

    /**
     * SQL state class 08 (connection exception), or 57P01..57P03 (the server is shutting down, crashed, or cannot take
     * connections yet), anywhere in the cause chain.
     */
    static boolean is(SQLException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException s && s.getSQLState() != null) {
                String state = s.getSQLState();
                if (state.startsWith("08") || state.equals("57P01") || state.equals("57P02")
                    || state.equals("57P03")) {
                    return true;
                }
            }
        }
        return false;
    }
}
