package dev.horizon.data;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

final class ReadOnlySqlTest {

    @ParameterizedTest
    @ValueSource(strings = {
        "SELECT 1",
        "select * from t where id = ?",
        "  \n\t-- a comment\nSELECT 1",
        "/* outer /* nested */ still comment */ SELECT 1",
        "(SELECT 1) UNION (SELECT 2)",
        "WITH x AS (SELECT 1) SELECT * FROM x",
        "VALUES (1), (2)",
        "TABLE products",
        "SELECT 'insert into t values (1)'",
        "SELECT E'it\\'s; update t' AS s",
        "SELECT $$ delete from t $$",
        "SELECT $body$ drop table t; $body$",
        "SELECT \"update\" FROM \"delete\"",
        "SELECT substring(name for 3) FROM t",
        "SELECT * FROM t WHERE a = $1",
        "SELECT 1;",
        "SELECT 1;  -- trailing comment",
        "SELECT count(*) FROM orders WHERE user_id = ? AND created > now() - interval '1 day'",
    })
    void provablyReadOnlyStatements(String sql) {
        assertThat(ReadOnlySql.isReadOnly(sql)).as(sql).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "",
        "   ",
        "INSERT INTO t VALUES (1)",
        "UPDATE t SET a = 1",
        "DELETE FROM t",
        "SELECT * FROM t FOR UPDATE",
        "SELECT * FROM t FOR NO KEY UPDATE",
        "SELECT * FROM t FOR SHARE",
        "SELECT * FROM t FOR KEY SHARE SKIP LOCKED",
        "SELECT * INTO new_table FROM t",
        "WITH d AS (DELETE FROM t RETURNING *) SELECT * FROM d",
        "WITH u AS (UPDATE t SET a = 1 RETURNING *) SELECT 1",
        "SELECT nextval('s')",
        "SELECT NEXTVAL ('s')",
        "SELECT currval('s')",
        "SELECT setval('s', 10)",
        "SELECT pg_advisory_lock(1)",
        "SELECT pg_try_advisory_xact_lock(1)",
        "SELECT set_config('a.b', 'c', false)",
        "SELECT pg_notify('ch', 'x')",
        "SELECT txid_current()",
        "SELECT lo_create(0)",
        "SELECT 1; DELETE FROM t",
        "SELECT 1; SELECT 2",
        "EXPLAIN ANALYZE SELECT 1",
        "SHOW search_path",
        "CALL proc()",
        "LOCK TABLE t",
        "SELECT 'unterminated",
        "SELECT \"unterminated",
        "SELECT $$ unterminated",
        "SELECT 1 /* unterminated",
        "BEGIN",
        "SET search_path = x",
    })
    void everythingElseIsNot(String sql) {
        assertThat(ReadOnlySql.isReadOnly(sql)).as(sql).isFalse();
    }
}
