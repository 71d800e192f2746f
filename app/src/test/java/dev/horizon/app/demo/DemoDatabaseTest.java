package dev.horizon.app.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

final class DemoDatabaseTest {

    @Test
    void postgresUrlBecomesJdbcUrlUserAndPassword() {
        DemoDatabase db = DemoDatabase.postgres("postgresql://shop:s%40cret@db.local:5433/shopdb?sslmode=disable");
        assertThat(db.jdbcUrl()).isEqualTo("jdbc:postgresql://db.local:5433/shopdb?sslmode=disable");
        assertThat(db.env()).containsExactlyInAnyOrderEntriesOf(Map.of("DEMO_DB",
            "jdbc:postgresql://db.local:5433/shopdb?sslmode=disable", "DEMO_DB_USER", "shop",
            "DEMO_DB_PASSWORD", "s@cret"));
        assertThat(db.describe())
            .isEqualTo("PostgreSQL jdbc:postgresql://db.local:5433/shopdb?sslmode=disable as shop");
    }

    @Test
    void postgresShortFormsAndJdbcUrlsAreAccepted() {
        assertThat(DemoDatabase.postgres("postgres://localhost").jdbcUrl())
            .isEqualTo("jdbc:postgresql://localhost/postgres");
        assertThat(DemoDatabase.postgres("jdbc:postgresql://h/db?user=a").env())
            .containsExactlyEntriesOf(Map.of("DEMO_DB", "jdbc:postgresql://h/db?user=a"));
    }

    @Test
    void otherUrlsAreRefusedWithTheExpectedForm() {
        assertThatThrownBy(() -> DemoDatabase.postgres("mysql://h/db")).hasMessage("--postgres: 'mysql://h/db' "
            + "(expected: postgresql://user:password@host:port/database or jdbc:postgresql://...)");
        assertThatThrownBy(() -> DemoDatabase.postgres("postgresql://bad host/")).hasMessageStartingWith(
            "--postgres: 'postgresql://bad host/' is not a URL");
    }
}
