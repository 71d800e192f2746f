package dev.horizon.data;

import java.sql.Array;
import java.sql.Blob;
import java.sql.Clob;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.NClob;
import java.sql.SQLClientInfoException;
import java.sql.SQLException;
import java.sql.SQLXML;
import java.sql.Savepoint;
import java.sql.Struct;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Executor;
import org.jspecify.annotations.Nullable;

/**
 * The {@link Connection} methods a {@link RoutingConnection} serves from its primary connection, taking it if needed:
 * metadata, savepoints (a transaction's writes are on the primary), LOB and array factories, client info, the type map
 * and the network timeout. Routing, transactions, settings and the lifecycle are the subclass's.
 */
abstract class PrimaryServedConnection implements Connection {

    /** The primary connection, taken when first needed; an error once this connection is closed. */
    abstract Connection primary() throws SQLException;

    @Override
    public String nativeSQL(String sql) throws SQLException {
        return primary().nativeSQL(sql);
    }

    @Override
    public Savepoint setSavepoint() throws SQLException {
        return primary().setSavepoint();
    }

    @Override
    public Savepoint setSavepoint(String name) throws SQLException {
        return primary().setSavepoint(name);
    }

    @Override
    public void rollback(Savepoint savepoint) throws SQLException {
        primary().rollback(savepoint);
    }

    @Override
    public void releaseSavepoint(Savepoint savepoint) throws SQLException {
        primary().releaseSavepoint(savepoint);
    }

    @Override
    public DatabaseMetaData getMetaData() throws SQLException {
        return primary().getMetaData();
    }

    @Override
    public Map<String, Class<?>> getTypeMap() throws SQLException {
        return primary().getTypeMap();
    }

    @Override
    public void setTypeMap(Map<String, Class<?>> map) throws SQLException {
        primary().setTypeMap(map);
    }

    @Override
    public Clob createClob() throws SQLException {
        return primary().createClob();
    }

    @Override
    public Blob createBlob() throws SQLException {
        return primary().createBlob();
    }

    @Override
    public NClob createNClob() throws SQLException {
        return primary().createNClob();
    }

    @Override
    public SQLXML createSQLXML() throws SQLException {
        return primary().createSQLXML();
    }

    @Override
    public Array createArrayOf(String typeName, Object[] elements) throws SQLException {
        return primary().createArrayOf(typeName, elements);
    }

    @Override
    public Struct createStruct(String typeName, Object[] attributes) throws SQLException {
        return primary().createStruct(typeName, attributes);
    }

    @Override
    public void setClientInfo(String name, String value) throws SQLClientInfoException {
        try {
            primary().setClientInfo(name, value);
        } catch (SQLClientInfoException e) {
            throw e;
        } catch (SQLException e) {
            throw new SQLClientInfoException(e.getMessage(), e.getSQLState(), Map.of(), e);
        }
    }

    @Override
    public void setClientInfo(Properties properties) throws SQLClientInfoException {
        try {
            primary().setClientInfo(properties);
        } catch (SQLClientInfoException e) {
            throw e;
        } catch (SQLException e) {
            throw new SQLClientInfoException(e.getMessage(), e.getSQLState(), Map.of(), e);
        }
    }

    @Override
    public @Nullable String getClientInfo(String name) throws SQLException {
        return primary().getClientInfo(name);
    }

    @Override
    public Properties getClientInfo() throws SQLException {
        return primary().getClientInfo();
    }

    @Override
    public void setNetworkTimeout(Executor executor, int milliseconds) throws SQLException {
        primary().setNetworkTimeout(executor, milliseconds);
    }

    @Override
    public int getNetworkTimeout() throws SQLException {
        return primary().getNetworkTimeout();
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        if (iface.isInstance(this)) {
            return iface.cast(this);
        }
        return primary().unwrap(iface);
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) throws SQLException {
        return iface.isInstance(this) || primary().isWrapperFor(iface);
    }
}
