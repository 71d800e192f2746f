package dev.horizon.data;

import java.io.InputStream;
import java.io.Reader;
import java.math.BigDecimal;
import java.net.URL;
import java.sql.Array;
import java.sql.Blob;
import java.sql.Clob;
import java.sql.Date;
import java.sql.NClob;
import java.sql.ParameterMetaData;
import java.sql.PreparedStatement;
import java.sql.Ref;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.RowId;
import java.sql.SQLException;
import java.sql.SQLType;
import java.sql.SQLXML;
import java.sql.Time;
import java.sql.Timestamp;
import java.util.Calendar;
import org.jspecify.annotations.Nullable;

/**
 * A prepared statement of a {@link RoutingConnection}: routed by its text on every execution, not once when prepared,
 * so it moves to the primary as soon as its connection writes or begins a transaction, with the parameters already
 * set. Each parameter's latest value is recorded for the move.
 *
 * @param <S> the kind of physical statement: {@code PreparedStatement}, or {@code CallableStatement} for the
 *            callable statement that extends this one
 */
class RoutingPreparedStatement<S extends PreparedStatement> extends RoutingStatement<S> implements PreparedStatement {

    RoutingPreparedStatement(RoutingConnection owner, String sql, StatementPlacement.Factory<S> factory) {
        super(owner, sql, factory);
    }

    /** Sets a parameter by index, now and on every later physical statement. */
    final void parameter(int index, StatementPlacement.Setting<? super S> setting) throws SQLException {
        placement.set(StatementPlacement.PARAMETER + index, setting);
    }

    // ---- executions, routed by the prepared text

    @Override
    public ResultSet executeQuery() throws SQLException {
        return placement.execute(null, PreparedStatement::executeQuery);
    }

    @Override
    public int executeUpdate() throws SQLException {
        return placement.execute(null, PreparedStatement::executeUpdate);
    }

    @Override
    public long executeLargeUpdate() throws SQLException {
        return placement.execute(null, PreparedStatement::executeLargeUpdate);
    }

    @Override
    public boolean execute() throws SQLException {
        return placement.execute(null, PreparedStatement::execute);
    }

    @Override
    public void addBatch() throws SQLException {
        placement.run(PreparedStatement::addBatch);
    }

    @Override
    public void clearParameters() throws SQLException {
        placement.clearParameters(PreparedStatement::clearParameters);
    }

    @Override
    public @Nullable ResultSetMetaData getMetaData() throws SQLException {
        return placement.call(PreparedStatement::getMetaData);
    }

    @Override
    public ParameterMetaData getParameterMetaData() throws SQLException {
        return placement.call(PreparedStatement::getParameterMetaData);
    }

    // ---- parameters

    @Override
    public void setNull(int parameterIndex, int sqlType) throws SQLException {
        parameter(parameterIndex, s -> s.setNull(parameterIndex, sqlType));
    }

    @Override
    public void setNull(int parameterIndex, int sqlType, String typeName) throws SQLException {
        parameter(parameterIndex, s -> s.setNull(parameterIndex, sqlType, typeName));
    }

    @Override
    public void setBoolean(int parameterIndex, boolean x) throws SQLException {
        parameter(parameterIndex, s -> s.setBoolean(parameterIndex, x));
    }

    @Override
    public void setByte(int parameterIndex, byte x) throws SQLException {
        parameter(parameterIndex, s -> s.setByte(parameterIndex, x));
    }

    @Override
    public void setShort(int parameterIndex, short x) throws SQLException {
        parameter(parameterIndex, s -> s.setShort(parameterIndex, x));
    }

    @Override
    public void setInt(int parameterIndex, int x) throws SQLException {
        parameter(parameterIndex, s -> s.setInt(parameterIndex, x));
    }

    @Override
    public void setLong(int parameterIndex, long x) throws SQLException {
        parameter(parameterIndex, s -> s.setLong(parameterIndex, x));
    }

    @Override
    public void setFloat(int parameterIndex, float x) throws SQLException {
        parameter(parameterIndex, s -> s.setFloat(parameterIndex, x));
    }

    @Override
    public void setDouble(int parameterIndex, double x) throws SQLException {
        parameter(parameterIndex, s -> s.setDouble(parameterIndex, x));
    }

    @Override
    public void setBigDecimal(int parameterIndex, BigDecimal x) throws SQLException {
        parameter(parameterIndex, s -> s.setBigDecimal(parameterIndex, x));
    }

    @Override
    public void setString(int parameterIndex, String x) throws SQLException {
        parameter(parameterIndex, s -> s.setString(parameterIndex, x));
    }

    @Override
    public void setNString(int parameterIndex, String value) throws SQLException {
        parameter(parameterIndex, s -> s.setNString(parameterIndex, value));
    }

    @Override
    public void setBytes(int parameterIndex, byte[] x) throws SQLException {
        parameter(parameterIndex, s -> s.setBytes(parameterIndex, x));
    }

    @Override
    public void setDate(int parameterIndex, Date x) throws SQLException {
        parameter(parameterIndex, s -> s.setDate(parameterIndex, x));
    }

    @Override
    public void setDate(int parameterIndex, Date x, Calendar cal) throws SQLException {
        parameter(parameterIndex, s -> s.setDate(parameterIndex, x, cal));
    }

    @Override
    public void setTime(int parameterIndex, Time x) throws SQLException {
        parameter(parameterIndex, s -> s.setTime(parameterIndex, x));
    }

    @Override
    public void setTime(int parameterIndex, Time x, Calendar cal) throws SQLException {
        parameter(parameterIndex, s -> s.setTime(parameterIndex, x, cal));
    }

    @Override
    public void setTimestamp(int parameterIndex, Timestamp x) throws SQLException {
        parameter(parameterIndex, s -> s.setTimestamp(parameterIndex, x));
    }

    @Override
    public void setTimestamp(int parameterIndex, Timestamp x, Calendar cal) throws SQLException {
        parameter(parameterIndex, s -> s.setTimestamp(parameterIndex, x, cal));
    }

    @Override
    public void setObject(int parameterIndex, Object x) throws SQLException {
        parameter(parameterIndex, s -> s.setObject(parameterIndex, x));
    }

    @Override
    public void setObject(int parameterIndex, Object x, int targetSqlType) throws SQLException {
        parameter(parameterIndex, s -> s.setObject(parameterIndex, x, targetSqlType));
    }

    @Override
    public void setObject(int parameterIndex, Object x, int targetSqlType, int scaleOrLength) throws SQLException {
        parameter(parameterIndex, s -> s.setObject(parameterIndex, x, targetSqlType, scaleOrLength));
    }

    @Override
    public void setObject(int parameterIndex, Object x, SQLType targetSqlType) throws SQLException {
        parameter(parameterIndex, s -> s.setObject(parameterIndex, x, targetSqlType));
    }

    @Override
    public void setObject(int parameterIndex, Object x, SQLType targetSqlType, int scaleOrLength) throws SQLException {
        parameter(parameterIndex, s -> s.setObject(parameterIndex, x, targetSqlType, scaleOrLength));
    }

    @Override
    public void setRef(int parameterIndex, Ref x) throws SQLException {
        parameter(parameterIndex, s -> s.setRef(parameterIndex, x));
    }

    @Override
    public void setBlob(int parameterIndex, Blob x) throws SQLException {
        parameter(parameterIndex, s -> s.setBlob(parameterIndex, x));
    }

    @Override
    public void setBlob(int parameterIndex, InputStream inputStream) throws SQLException {
        parameter(parameterIndex, s -> s.setBlob(parameterIndex, inputStream));
    }

    @Override
    public void setBlob(int parameterIndex, InputStream inputStream, long length) throws SQLException {
        parameter(parameterIndex, s -> s.setBlob(parameterIndex, inputStream, length));
    }

    @Override
    public void setClob(int parameterIndex, Clob x) throws SQLException {
        parameter(parameterIndex, s -> s.setClob(parameterIndex, x));
    }

    @Override
    public void setClob(int parameterIndex, Reader reader) throws SQLException {
        parameter(parameterIndex, s -> s.setClob(parameterIndex, reader));
    }

    @Override
    public void setClob(int parameterIndex, Reader reader, long length) throws SQLException {
        parameter(parameterIndex, s -> s.setClob(parameterIndex, reader, length));
    }

    @Override
    public void setNClob(int parameterIndex, NClob value) throws SQLException {
        parameter(parameterIndex, s -> s.setNClob(parameterIndex, value));
    }

    @Override
    public void setNClob(int parameterIndex, Reader reader) throws SQLException {
        parameter(parameterIndex, s -> s.setNClob(parameterIndex, reader));
    }

    @Override
    public void setNClob(int parameterIndex, Reader reader, long length) throws SQLException {
        parameter(parameterIndex, s -> s.setNClob(parameterIndex, reader, length));
    }

    @Override
    public void setArray(int parameterIndex, Array x) throws SQLException {
        parameter(parameterIndex, s -> s.setArray(parameterIndex, x));
    }

    @Override
    public void setURL(int parameterIndex, URL x) throws SQLException {
        parameter(parameterIndex, s -> s.setURL(parameterIndex, x));
    }

    @Override
    public void setRowId(int parameterIndex, RowId x) throws SQLException {
        parameter(parameterIndex, s -> s.setRowId(parameterIndex, x));
    }

    @Override
    public void setSQLXML(int parameterIndex, SQLXML xmlObject) throws SQLException {
        parameter(parameterIndex, s -> s.setSQLXML(parameterIndex, xmlObject));
    }

    @Override
    public void setAsciiStream(int parameterIndex, InputStream x) throws SQLException {
        parameter(parameterIndex, s -> s.setAsciiStream(parameterIndex, x));
    }

    @Override
    public void setAsciiStream(int parameterIndex, InputStream x, int length) throws SQLException {
        parameter(parameterIndex, s -> s.setAsciiStream(parameterIndex, x, length));
    }

    @Override
    public void setAsciiStream(int parameterIndex, InputStream x, long length) throws SQLException {
        parameter(parameterIndex, s -> s.setAsciiStream(parameterIndex, x, length));
    }

    @Override
    public void setBinaryStream(int parameterIndex, InputStream x) throws SQLException {
        parameter(parameterIndex, s -> s.setBinaryStream(parameterIndex, x));
    }

    @Override
    public void setBinaryStream(int parameterIndex, InputStream x, int length) throws SQLException {
        parameter(parameterIndex, s -> s.setBinaryStream(parameterIndex, x, length));
    }

    @Override
    public void setBinaryStream(int parameterIndex, InputStream x, long length) throws SQLException {
        parameter(parameterIndex, s -> s.setBinaryStream(parameterIndex, x, length));
    }

    @Override
    public void setCharacterStream(int parameterIndex, Reader reader) throws SQLException {
        parameter(parameterIndex, s -> s.setCharacterStream(parameterIndex, reader));
    }

    @Override
    public void setCharacterStream(int parameterIndex, Reader reader, int length) throws SQLException {
        parameter(parameterIndex, s -> s.setCharacterStream(parameterIndex, reader, length));
    }

    @Override
    public void setCharacterStream(int parameterIndex, Reader reader, long length) throws SQLException {
        parameter(parameterIndex, s -> s.setCharacterStream(parameterIndex, reader, length));
    }

    @Override
    public void setNCharacterStream(int parameterIndex, Reader value) throws SQLException {
        parameter(parameterIndex, s -> s.setNCharacterStream(parameterIndex, value));
    }

    @Override
    public void setNCharacterStream(int parameterIndex, Reader value, long length) throws SQLException {
        parameter(parameterIndex, s -> s.setNCharacterStream(parameterIndex, value, length));
    }

    /**
     * Deprecated in JDBC; delegated as it is.
     *
     * @deprecated use {@link #setCharacterStream(int, Reader, int)}
     */
    @Override
    @Deprecated
    public void setUnicodeStream(int parameterIndex, InputStream x, int length) throws SQLException {
        parameter(parameterIndex, s -> s.setUnicodeStream(parameterIndex, x, length));
    }
}
