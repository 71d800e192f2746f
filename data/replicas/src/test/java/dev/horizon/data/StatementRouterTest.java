package dev.horizon.data;

import static org.assertj.core.api.Assertions.assertThat;

import dev.horizon.data.DataScope.Route;
import dev.horizon.data.StatementRouter.Target;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.aggregator.ArgumentsAccessor;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Where a statement runs, for each combination of the connection's state, the data source's options and the
 * statement's text: the routing table of docs/data.md, with no database. Texts: {@code read} is a provably read-only
 * SELECT, {@code write} an UPDATE, {@code locking} a SELECT … FOR UPDATE, {@code unknown} no text (a batch).
 */
final class StatementRouterTest {

    private static @Nullable String text(String kind) {
        return switch (kind) {
            case "read" -> "SELECT v FROM t WHERE id = ?";
            case "write" -> "UPDATE t SET v = ? WHERE id = ?";
            case "locking" -> "SELECT v FROM t WHERE id = ? FOR UPDATE";
            case "unknown" -> null;
            default -> throw new IllegalArgumentException("text kind: " + kind);
        };
    }

    private static ConnectionState state(Route scope, boolean causal, boolean readOnly, boolean autoCommit,
                                         boolean wrote) {
        return new ConnectionState(scope, causal, readOnly, autoCommit, wrote);
    }

    @ParameterizedTest(name = "[{index}] {0} scope, readOnly={1}, autoCommit={2}, wrote={3}, plainSelects={4}, "
        + "{5}, {6} -> {7}")
    @CsvSource(delimiter = '|', textBlock = """
        # scope | readOnly | autoCommit | wrote | plainSelects | transactionReads | text    | target
        # a primary() scope wins over everything
        PRIMARY | true     | true       | false | true         | PER_STATEMENT    | read    | PRIMARY
        PRIMARY | false    | false      | false | true         | FIXED_REPLICA    | read    | PRIMARY
        # a read-only connection or scope reads its replica, whatever the text and history
        REPLICA | false    | true       | false | false        | PRIMARY          | write   | REPLICA
        REPLICA | false    | false      | true  | false        | PRIMARY          | unknown | REPLICA
        ANY     | true     | true       | true  | false        | PRIMARY          | write   | REPLICA
        ANY     | true     | false      | false | false        | PER_STATEMENT    | read    | REPLICA
        # no classification: everything else to the primary
        ANY     | false    | true       | false | false        | PRIMARY          | read    | PRIMARY
        # plain selects outside a transaction
        ANY     | false    | true       | false | true         | PRIMARY          | read    | REPLICA
        ANY     | false    | true       | false | true         | PRIMARY          | write   | PRIMARY
        ANY     | false    | true       | false | true         | PRIMARY          | locking | PRIMARY
        ANY     | false    | true       | false | true         | PRIMARY          | unknown | PRIMARY
        ANY     | false    | true       | true  | true         | PRIMARY          | read    | PRIMARY
        ANY     | false    | true       | false | false        | FIXED_REPLICA    | read    | PRIMARY
        # reads of a read-write transaction
        ANY     | false    | false      | false | true         | PRIMARY          | read    | PRIMARY
        ANY     | false    | false      | false | false        | FIXED_REPLICA    | read    | REPLICA
        ANY     | false    | false      | false | false        | FIXED_REPLICA    | write   | PRIMARY
        ANY     | false    | false      | false | false        | FIXED_REPLICA    | locking | PRIMARY
        ANY     | false    | false      | true  | false        | FIXED_REPLICA    | read    | PRIMARY
        ANY     | false    | false      | false | false        | PER_STATEMENT    | read    | STATEMENT_REPLICA
        ANY     | false    | false      | false | false        | PER_STATEMENT    | write   | PRIMARY
        ANY     | false    | false      | false | false        | PER_STATEMENT    | unknown | PRIMARY
        ANY     | false    | false      | true  | true         | PER_STATEMENT    | read    | PRIMARY
        """)
    void routesEachCombinationAsTheTableSays(ArgumentsAccessor row) {
        Route scope = row.get(0, Route.class);
        boolean readOnly = row.getBoolean(1);
        boolean autoCommit = row.getBoolean(2);
        boolean wrote = row.getBoolean(3);
        boolean plainSelects = row.getBoolean(4);
        TransactionReads reads = row.get(5, TransactionReads.class);
        String kind = row.getString(6);
        Target expected = row.get(7, Target.class);
        StatementRouter router = StatementRouter.of(plainSelects, reads);
        assertThat(router.route(state(scope, false, readOnly, autoCommit, wrote), text(kind))).isEqualTo(expected);
        assertThat(router.route(state(scope, true, readOnly, autoCommit, wrote), text(kind)))
            .as("a causal scope changes which replica, never whether a replica").isEqualTo(expected);
    }

    @ParameterizedTest(name = "[{index}] {0} scope, causal={1}, plainSelects={2}, {3}, {4} -> {5}")
    @CsvSource(delimiter = '|', textBlock = """
        # scope | causal | plainSelects | transactionReads | text    | writes
        # nothing depends on writes: none is tracked
        ANY     | false  | false        | PRIMARY          | write   | false
        PRIMARY | false  | false        | PRIMARY          | unknown | false
        # a causal scope tracks them
        ANY     | true   | false        | PRIMARY          | write   | true
        ANY     | true   | false        | PRIMARY          | locking | true
        ANY     | true   | false        | PRIMARY          | unknown | true
        ANY     | true   | false        | PRIMARY          | read    | false
        # inside primary() every statement may write (a SELECT calling a writing function)
        PRIMARY | true   | false        | PRIMARY          | read    | true
        # classified statements track them
        ANY     | false  | true         | PRIMARY          | write   | true
        ANY     | false  | true         | PRIMARY          | read    | false
        ANY     | false  | false        | PER_STATEMENT    | write   | true
        ANY     | false  | false        | FIXED_REPLICA    | read    | false
        """)
    void countsAStatementOnThePrimaryAsAWriteOnlyWhenSomethingDependsOnIt(Route scope, boolean causal,
                                                                           boolean plainSelects,
                                                                           TransactionReads reads, String kind,
                                                                           boolean writes) {
        StatementRouter router = StatementRouter.of(plainSelects, reads);
        assertThat(router.writes(state(scope, causal, false, true, false), text(kind))).isEqualTo(writes);
    }

    @ParameterizedTest(name = "[{index}] autoCommit={0}, wrote={1} -> {2}")
    @CsvSource({"true, false, true", "true, true, false", "false, false, false", "false, true, false"})
    void retriesAFailedReadOnlyOutsideATransactionAndBeforeAnyWrite(boolean autoCommit, boolean wrote,
                                                                    boolean retryable) {
        StatementRouter router = StatementRouter.of(true, TransactionReads.PRIMARY);
        assertThat(router.readsAreRetryable(state(Route.ANY, false, false, autoCommit, wrote))).isEqualTo(retryable);
    }

    @Test
    void aConnectionsReadsFollowItsWriteAndItsTransaction() {
        StatementRouter router = StatementRouter.of(true, TransactionReads.PER_STATEMENT);
        ConnectionState fresh = ConnectionState.of(DataScope.Hints.NONE);
        String read = text("read");
        String write = text("write");

        assertThat(router.route(fresh, read)).isEqualTo(Target.REPLICA);
        ConnectionState inTransaction = fresh.withAutoCommit(false);
        assertThat(router.route(inTransaction, read)).isEqualTo(Target.STATEMENT_REPLICA);
        assertThat(router.route(inTransaction, write)).isEqualTo(Target.PRIMARY);
        assertThat(router.writes(inTransaction, write)).isTrue();
        ConnectionState wrote = inTransaction.withWrite();
        assertThat(router.route(wrote, read)).isEqualTo(Target.PRIMARY);
        assertThat(router.route(wrote.withAutoCommit(true), read)).as("a connection sees its own writes")
            .isEqualTo(Target.PRIMARY);
        assertThat(router.route(wrote.withReadOnly(true), read)).isEqualTo(Target.REPLICA);
        assertThat(fresh).as("states are values").isEqualTo(ConnectionState.of(DataScope.Hints.NONE));
    }

    @Test
    void classifiesStatementsOnlyWhenAnOptionRoutesByText() {
        assertThat(StatementRouter.of(false, TransactionReads.PRIMARY).classifiesStatements()).isFalse();
        assertThat(StatementRouter.of(true, TransactionReads.PRIMARY).classifiesStatements()).isTrue();
        assertThat(StatementRouter.of(false, TransactionReads.FIXED_REPLICA).classifiesStatements()).isTrue();
        assertThat(StatementRouter.of(false, TransactionReads.PER_STATEMENT).classifiesStatements()).isTrue();
    }
}
