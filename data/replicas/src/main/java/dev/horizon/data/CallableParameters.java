package dev.horizon.data;

import java.io.InputStream;
import java.io.Reader;
import java.math.BigDecimal;
import java.net.URL;
import java.sql.Blob;
import java.sql.CallableStatement;
import java.sql.Clob;
import java.sql.Date;
import java.sql.NClob;
import java.sql.RowId;
import java.sql.SQLException;
import java.sql.SQLType;
import java.sql.SQLXML;
import java.sql.Time;
import java.sql.Timestamp;
import java.util.Calendar;

/**
 * The setters a callable statement adds to a prepared one, recorded like the prepared statement's parameters so they
 * hold after a move: parameters by name, and the registered out parameters. {@link RoutingCallableStatement} adds
 * the getters of the out parameters.
 */
abstract class CallableParameters extends RoutingPreparedStatement<CallableStatement> implements CallableStatement {

    /** The prefix of the keys of registered out parameters (kept by {@code clearParameters}). */
    private static final String OUT = "o:";

    CallableParameters(RoutingConnection owner, String sql, StatementPlacement.Factory<CallableStatement> factory) {
        super(owner, sql, factory);
    }

    /** Sets a parameter by name, now and on every later physical statement. */
    private void named(String name, StatementPlacement.Setting<? super CallableStatement> setting)
            throws SQLException {
        placement.set(StatementPlacement.PARAMETER + name, setting);
    }

    // ---- out parameters

    @Override
    public void registerOutParameter(int parameterIndex, int sqlType) throws SQLException {
        placement.set(OUT + parameterIndex, s -> s.registerOutParameter(parameterIndex, sqlType));
    }

    @Override
    public void registerOutParameter(int parameterIndex, int sqlType, int scale) throws SQLException {
        placement.set(OUT + parameterIndex, s -> s.registerOutParameter(parameterIndex, sqlType, scale));
    }

    @Override
    public void registerOutParameter(int parameterIndex, int sqlType, String typeName) throws SQLException {
        placement.set(OUT + parameterIndex, s -> s.registerOutParameter(parameterIndex, sqlType, typeName));
    }

    @Override
    public void registerOutParameter(int parameterIndex, SQLType sqlType) throws SQLException {
        placement.set(OUT + parameterIndex, s -> s.registerOutParameter(parameterIndex, sqlType));
    }

    @Override
    public void registerOutParameter(int parameterIndex, SQLType sqlType, int scale) throws SQLException {
        placement.set(OUT + parameterIndex, s -> s.registerOutParameter(parameterIndex, sqlType, scale));
    }

    @Override
    public void registerOutParameter(int parameterIndex, SQLType sqlType, String typeName) throws SQLException {
        placement.set(OUT + parameterIndex, s -> s.registerOutParameter(parameterIndex, sqlType, typeName));
    }

    @Override
    public void registerOutParameter(String parameterName, int sqlType) throws SQLException {
        placement.set(OUT + parameterName, s -> s.registerOutParameter(parameterName, sqlType));
    }

    @Override
    public void registerOutParameter(String parameterName, int sqlType, int scale) throws SQLException {
        placement.set(OUT + parameterName, s -> s.registerOutParameter(parameterName, sqlType, scale));
    }

    @Override
    public void registerOutParameter(String parameterName, int sqlType, String typeName) throws SQLException {
        placement.set(OUT + parameterName, s -> s.registerOutParameter(parameterName, sqlType, typeName));
    }

    @Override
    public void registerOutParameter(String parameterName, SQLType sqlType) throws SQLException {
        placement.set(OUT + parameterName, s -> s.registerOutParameter(parameterName, sqlType));
    }

    @Override
    public void registerOutParameter(String parameterName, SQLType sqlType, int scale) throws SQLException {
        placement.set(OUT + parameterName, s -> s.registerOutParameter(parameterName, sqlType, scale));
    }

    @Override
    public void registerOutParameter(String parameterName, SQLType sqlType, String typeName) throws SQLException {
        placement.set(OUT + parameterName, s -> s.registerOutParameter(parameterName, sqlType, typeName));
    }

    // ---- parameters by name

    @Override
    public void setNull(String parameterName, int sqlType) throws SQLException {
        named(parameterName, s -> s.setNull(parameterName, sqlType));
    }

    @Override
    public void setNull(String parameterName, int sqlType, String typeName) throws SQLException {
        named(parameterName, s -> s.setNull(parameterName, sqlType, typeName));
    }

    @Override
    public void setBoolean(String parameterName, boolean x) throws SQLException {
        named(parameterName, s -> s.setBoolean(parameterName, x));
    }

    @Override
    public void setByte(String parameterName, byte x) throws SQLException {
        named(parameterName, s -> s.setByte(parameterName, x));
    }

    @Override
    public void setShort(String parameterName, short x) throws SQLException {
        named(parameterName, s -> s.setShort(parameterName, x));
    }

    @Override
    public void setInt(String parameterName, int x) throws SQLException {
        named(parameterName, s -> s.setInt(parameterName, x));
    }

    @Override
    public void setLong(String parameterName, long x) throws SQLException {
        named(parameterName, s -> s.setLong(parameterName, x));
    }

    @Override
    public void setFloat(String parameterName, float x) throws SQLException {
        named(parameterName, s -> s.setFloat(parameterName, x));
    }

    @Override
    public void setDouble(String parameterName, double x) throws SQLException {
        named(parameterName, s -> s.setDouble(parameterName, x));
    }

    @Override
    public void setBigDecimal(String parameterName, BigDecimal x) throws SQLException {
        named(parameterName, s -> s.setBigDecimal(parameterName, x));
    }

    @Override
    public void setString(String parameterName, String x) throws SQLException {
        named(parameterName, s -> s.setString(parameterName, x));
    }

    @Override
    public void setNString(String parameterName, String value) throws SQLException {
        named(parameterName, s -> s.setNString(parameterName, value));
    }

    @Override
    public void setBytes(String parameterName, byte[] x) throws SQLException {
        named(parameterName, s -> s.setBytes(parameterName, x));
    }

    @Override
    public void setDate(String parameterName, Date x) throws SQLException {
        named(parameterName, s -> s.setDate(parameterName, x));
    }

    @Override
    public void setDate(String parameterName, Date x, Calendar cal) throws SQLException {
        named(parameterName, s -> s.setDate(parameterName, x, cal));
    }

    @Override
    public void setTime(String parameterName, Time x) throws SQLException {
        named(parameterName, s -> s.setTime(parameterName, x));
    }

    @Override
    public void setTime(String parameterName, Time x, Calendar cal) throws SQLException {
        named(parameterName, s -> s.setTime(parameterName, x, cal));
    }

    @Override
    public void setTimestamp(String parameterName, Timestamp x) throws SQLException {
        named(parameterName, s -> s.setTimestamp(parameterName, x));
    }

    @Override
    public void setTimestamp(String parameterName, Timestamp x, Calendar cal) throws SQLException {
        named(parameterName, s -> s.setTimestamp(parameterName, x, cal));
    }

    @Override
    public void setObject(String parameterName, Object x) throws SQLException {
        named(parameterName, s -> s.setObject(parameterName, x));
    }

    @Override
    public void setObject(String parameterName, Object x, int targetSqlType) throws SQLException {
        named(parameterName, s -> s.setObject(parameterName, x, targetSqlType));
    }

    @Override
    public void setObject(String parameterName, Object x, int targetSqlType, int scale) throws SQLException {
        named(parameterName, s -> s.setObject(parameterName, x, targetSqlType, scale));
    }

    @Override
    public void setObject(String parameterName, Object x, SQLType targetSqlType) throws SQLException {
        named(parameterName, s -> s.setObject(parameterName, x, targetSqlType));
    }

    @Override
    public void setObject(String parameterName, Object x, SQLType targetSqlType, int scaleOrLength)
            throws SQLException {
        named(parameterName, s -> s.setObject(parameterName, x, targetSqlType, scaleOrLength));
    }

    @Override
    public void setBlob(String parameterName, Blob x) throws SQLException {
        named(parameterName, s -> s.setBlob(parameterName, x));
    }

    @Override
    public void setBlob(String parameterName, InputStream inputStream) throws SQLException {
        named(parameterName, s -> s.setBlob(parameterName, inputStream));
    }

    @Override
    public void setBlob(String parameterName, InputStream inputStream, long length) throws SQLException {
        named(parameterName, s -> s.setBlob(parameterName, inputStream, length));
    }

    @Override
    public void setClob(String parameterName, Clob x) throws SQLException {
        named(parameterName, s -> s.setClob(parameterName, x));
    }

    @Override
    public void setClob(String parameterName, Reader reader) throws SQLException {
        named(parameterName, s -> s.setClob(parameterName, reader));
    }

    @Override
    public void setClob(String parameterName, Reader reader, long length) throws SQLException {
        named(parameterName, s -> s.setClob(parameterName, reader, length));
    }

    @Override
    public void setNClob(String parameterName, NClob value) throws SQLException {
        named(parameterName, s -> s.setNClob(parameterName, value));
    }

    @Override
    public void setNClob(String parameterName, Reader reader) throws SQLException {
        named(parameterName, s -> s.setNClob(parameterName, reader));
    }

    @Override
    public void setNClob(String parameterName, Reader reader, long length) throws SQLException {
        named(parameterName, s -> s.setNClob(parameterName, reader, length));
    }

    @Override
    public void setURL(String parameterName, URL val) throws SQLException {
        named(parameterName, s -> s.setURL(parameterName, val));
    }

    @Override
    public void setRowId(String parameterName, RowId x) throws SQLException {
        named(parameterName, s -> s.setRowId(parameterName, x));
    }

    @Override
    public void setSQLXML(String parameterName, SQLXML xmlObject) throws SQLException {
        named(parameterName, s -> s.setSQLXML(parameterName, xmlObject));
    }

    @Override
    public void setAsciiStream(String parameterName, InputStream x) throws SQLException {
        named(parameterName, s -> s.setAsciiStream(parameterName, x));
    }

    @Override
    public void setAsciiStream(String parameterName, InputStream x, int length) throws SQLException {
        named(parameterName, s -> s.setAsciiStream(parameterName, x, length));
    }

    @Override
    public void setAsciiStream(String parameterName, InputStream x, long length) throws SQLException {
        named(parameterName, s -> s.setAsciiStream(parameterName, x, length));
    }

    @Override
    public void setBinaryStream(String parameterName, InputStream x) throws SQLException {
        named(parameterName, s -> s.setBinaryStream(parameterName, x));
    }

    @Override
    public void setBinaryStream(String parameterName, InputStream x, int length) throws SQLException {
        named(parameterName, s -> s.setBinaryStream(parameterName, x, length));
    }

    @Override
    public void setBinaryStream(String parameterName, InputStream x, long length) throws SQLException {
        named(parameterName, s -> s.setBinaryStream(parameterName, x, length));
    }

    @Override
    public void setCharacterStream(String parameterName, Reader reader) throws SQLException {
        named(parameterName, s -> s.setCharacterStream(parameterName, reader));
    }

    @Override
    public void setCharacterStream(String parameterName, Reader reader, int length) throws SQLException {
        named(parameterName, s -> s.setCharacterStream(parameterName, reader, length));
    }

    @Override
    public void setCharacterStream(String parameterName, Reader reader, long length) throws SQLException {
        named(parameterName, s -> s.setCharacterStream(parameterName, reader, length));
    }

    @Override
    public void setNCharacterStream(String parameterName, Reader value) throws SQLException {
        named(parameterName, s -> s.setNCharacterStream(parameterName, value));
    }

    @Override
    public void setNCharacterStream(String parameterName, Reader value, long length) throws SQLException {
        named(parameterName, s -> s.setNCharacterStream(parameterName, value, length));
    }
}
