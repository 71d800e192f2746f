package dev.horizon.data;

import java.io.Reader;
import java.math.BigDecimal;
import java.net.URL;
import java.sql.Array;
import java.sql.Blob;
import java.sql.CallableStatement;
import java.sql.Clob;
import java.sql.Date;
import java.sql.NClob;
import java.sql.Ref;
import java.sql.RowId;
import java.sql.SQLException;
import java.sql.SQLXML;
import java.sql.Time;
import java.sql.Timestamp;
import java.util.Calendar;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A callable statement of a {@link RoutingConnection}: routed by its text like a prepared statement (a call is never
 * provably read-only, so it runs on the primary unless a read-only connection or scope sends it to a replica), with
 * its parameters and out parameters recorded ({@link CallableParameters}); the out parameters' values are read from
 * the physical statement that ran.
 */
final class RoutingCallableStatement extends CallableParameters {

    RoutingCallableStatement(RoutingConnection owner, String sql,
                             StatementPlacement.Factory<CallableStatement> factory) {
        super(owner, sql, factory);
    }

    @Override
    public boolean wasNull() throws SQLException {
        return placement.call(CallableStatement::wasNull);
    }

    @Override
    public @Nullable String getString(int parameterIndex) throws SQLException {
        return placement.call(s -> s.getString(parameterIndex));
    }

    @Override
    public boolean getBoolean(int parameterIndex) throws SQLException {
        return placement.call(s -> s.getBoolean(parameterIndex));
    }

    @Override
    public byte getByte(int parameterIndex) throws SQLException {
        return placement.call(s -> s.getByte(parameterIndex));
    }

    @Override
    public short getShort(int parameterIndex) throws SQLException {
        return placement.call(s -> s.getShort(parameterIndex));
    }

    @Override
    public int getInt(int parameterIndex) throws SQLException {
        return placement.call(s -> s.getInt(parameterIndex));
    }

    @Override
    public long getLong(int parameterIndex) throws SQLException {
        return placement.call(s -> s.getLong(parameterIndex));
    }

    @Override
    public float getFloat(int parameterIndex) throws SQLException {
        return placement.call(s -> s.getFloat(parameterIndex));
    }

    @Override
    public double getDouble(int parameterIndex) throws SQLException {
        return placement.call(s -> s.getDouble(parameterIndex));
    }

    @Override
    public byte @Nullable [] getBytes(int parameterIndex) throws SQLException {
        return placement.call(s -> s.getBytes(parameterIndex));
    }

    @Override
    public @Nullable Date getDate(int parameterIndex) throws SQLException {
        return placement.call(s -> s.getDate(parameterIndex));
    }

    @Override
    public @Nullable Time getTime(int parameterIndex) throws SQLException {
        return placement.call(s -> s.getTime(parameterIndex));
    }

    @Override
    public @Nullable Timestamp getTimestamp(int parameterIndex) throws SQLException {
        return placement.call(s -> s.getTimestamp(parameterIndex));
    }

    @Override
    public @Nullable Object getObject(int parameterIndex) throws SQLException {
        return placement.call(s -> s.getObject(parameterIndex));
    }

    @Override
    public @Nullable BigDecimal getBigDecimal(int parameterIndex) throws SQLException {
        return placement.call(s -> s.getBigDecimal(parameterIndex));
    }

    @Override
    public @Nullable Ref getRef(int parameterIndex) throws SQLException {
        return placement.call(s -> s.getRef(parameterIndex));
    }

    @Override
    public @Nullable Blob getBlob(int parameterIndex) throws SQLException {
        return placement.call(s -> s.getBlob(parameterIndex));
    }

    @Override
    public @Nullable Clob getClob(int parameterIndex) throws SQLException {
        return placement.call(s -> s.getClob(parameterIndex));
    }

    @Override
    public @Nullable Array getArray(int parameterIndex) throws SQLException {
        return placement.call(s -> s.getArray(parameterIndex));
    }

    @Override
    public @Nullable URL getURL(int parameterIndex) throws SQLException {
        return placement.call(s -> s.getURL(parameterIndex));
    }

    @Override
    public @Nullable RowId getRowId(int parameterIndex) throws SQLException {
        return placement.call(s -> s.getRowId(parameterIndex));
    }

    @Override
    public @Nullable NClob getNClob(int parameterIndex) throws SQLException {
        return placement.call(s -> s.getNClob(parameterIndex));
    }

    @Override
    public @Nullable SQLXML getSQLXML(int parameterIndex) throws SQLException {
        return placement.call(s -> s.getSQLXML(parameterIndex));
    }

    @Override
    public @Nullable String getNString(int parameterIndex) throws SQLException {
        return placement.call(s -> s.getNString(parameterIndex));
    }

    @Override
    public @Nullable Reader getNCharacterStream(int parameterIndex) throws SQLException {
        return placement.call(s -> s.getNCharacterStream(parameterIndex));
    }

    @Override
    public @Nullable Reader getCharacterStream(int parameterIndex) throws SQLException {
        return placement.call(s -> s.getCharacterStream(parameterIndex));
    }

    @Override
    public @Nullable Date getDate(int parameterIndex, Calendar cal) throws SQLException {
        return placement.call(s -> s.getDate(parameterIndex, cal));
    }

    @Override
    public @Nullable Time getTime(int parameterIndex, Calendar cal) throws SQLException {
        return placement.call(s -> s.getTime(parameterIndex, cal));
    }

    @Override
    public @Nullable Timestamp getTimestamp(int parameterIndex, Calendar cal) throws SQLException {
        return placement.call(s -> s.getTimestamp(parameterIndex, cal));
    }

    @Override
    public @Nullable Object getObject(int parameterIndex, Map<String, Class<?>> map) throws SQLException {
        return placement.call(s -> s.getObject(parameterIndex, map));
    }

    @Override
    public <T> @Nullable T getObject(int parameterIndex, Class<T> type) throws SQLException {
        return placement.call(s -> s.getObject(parameterIndex, type));
    }

    @Override
    public @Nullable String getString(String parameterName) throws SQLException {
        return placement.call(s -> s.getString(parameterName));
    }

    @Override
    public boolean getBoolean(String parameterName) throws SQLException {
        return placement.call(s -> s.getBoolean(parameterName));
    }

    @Override
    public byte getByte(String parameterName) throws SQLException {
        return placement.call(s -> s.getByte(parameterName));
    }

    @Override
    public short getShort(String parameterName) throws SQLException {
        return placement.call(s -> s.getShort(parameterName));
    }

    @Override
    public int getInt(String parameterName) throws SQLException {
        return placement.call(s -> s.getInt(parameterName));
    }

    @Override
    public long getLong(String parameterName) throws SQLException {
        return placement.call(s -> s.getLong(parameterName));
    }

    @Override
    public float getFloat(String parameterName) throws SQLException {
        return placement.call(s -> s.getFloat(parameterName));
    }

    @Override
    public double getDouble(String parameterName) throws SQLException {
        return placement.call(s -> s.getDouble(parameterName));
    }

    @Override
    public byte @Nullable [] getBytes(String parameterName) throws SQLException {
        return placement.call(s -> s.getBytes(parameterName));
    }

    @Override
    public @Nullable Date getDate(String parameterName) throws SQLException {
        return placement.call(s -> s.getDate(parameterName));
    }

    @Override
    public @Nullable Time getTime(String parameterName) throws SQLException {
        return placement.call(s -> s.getTime(parameterName));
    }

    @Override
    public @Nullable Timestamp getTimestamp(String parameterName) throws SQLException {
        return placement.call(s -> s.getTimestamp(parameterName));
    }

    @Override
    public @Nullable Object getObject(String parameterName) throws SQLException {
        return placement.call(s -> s.getObject(parameterName));
    }

    @Override
    public @Nullable BigDecimal getBigDecimal(String parameterName) throws SQLException {
        return placement.call(s -> s.getBigDecimal(parameterName));
    }

    @Override
    public @Nullable Ref getRef(String parameterName) throws SQLException {
        return placement.call(s -> s.getRef(parameterName));
    }

    @Override
    public @Nullable Blob getBlob(String parameterName) throws SQLException {
        return placement.call(s -> s.getBlob(parameterName));
    }

    @Override
    public @Nullable Clob getClob(String parameterName) throws SQLException {
        return placement.call(s -> s.getClob(parameterName));
    }

    @Override
    public @Nullable Array getArray(String parameterName) throws SQLException {
        return placement.call(s -> s.getArray(parameterName));
    }

    @Override
    public @Nullable URL getURL(String parameterName) throws SQLException {
        return placement.call(s -> s.getURL(parameterName));
    }

    @Override
    public @Nullable RowId getRowId(String parameterName) throws SQLException {
        return placement.call(s -> s.getRowId(parameterName));
    }

    @Override
    public @Nullable NClob getNClob(String parameterName) throws SQLException {
        return placement.call(s -> s.getNClob(parameterName));
    }

    @Override
    public @Nullable SQLXML getSQLXML(String parameterName) throws SQLException {
        return placement.call(s -> s.getSQLXML(parameterName));
    }

    @Override
    public @Nullable String getNString(String parameterName) throws SQLException {
        return placement.call(s -> s.getNString(parameterName));
    }

    @Override
    public @Nullable Reader getNCharacterStream(String parameterName) throws SQLException {
        return placement.call(s -> s.getNCharacterStream(parameterName));
    }

    @Override
    public @Nullable Reader getCharacterStream(String parameterName) throws SQLException {
        return placement.call(s -> s.getCharacterStream(parameterName));
    }

    @Override
    public @Nullable Date getDate(String parameterName, Calendar cal) throws SQLException {
        return placement.call(s -> s.getDate(parameterName, cal));
    }

    @Override
    public @Nullable Time getTime(String parameterName, Calendar cal) throws SQLException {
        return placement.call(s -> s.getTime(parameterName, cal));
    }

    @Override
    public @Nullable Timestamp getTimestamp(String parameterName, Calendar cal) throws SQLException {
        return placement.call(s -> s.getTimestamp(parameterName, cal));
    }

    @Override
    public @Nullable Object getObject(String parameterName, Map<String, Class<?>> map) throws SQLException {
        return placement.call(s -> s.getObject(parameterName, map));
    }

    @Override
    public <T> @Nullable T getObject(String parameterName, Class<T> type) throws SQLException {
        return placement.call(s -> s.getObject(parameterName, type));
    }

    /**
     * Deprecated in JDBC; delegated as it is.
     *
     * @deprecated use {@link #getBigDecimal(int)}
     */
    @Override
    @Deprecated
    public @Nullable BigDecimal getBigDecimal(int parameterIndex, int scale) throws SQLException {
        return placement.call(s -> s.getBigDecimal(parameterIndex, scale));
    }
}
