package dev.horizon.showcase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class DemoDatabaseTest {

    @TempDir
    Path tmp;

    @Test
    void theEmbeddedDatabaseFileIs0600InA0700Directory() throws Exception {
        Path dir = tmp.resolve("demo/db");
        DemoDatabase db = DemoDatabase.embedded(dir);
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE users (name VARCHAR(64), password_hash VARCHAR(200))");
            s.execute("INSERT INTO users VALUES ('alice', 'pbkdf2-sha256$600000$c2FsdA==$aGFzaA==')");
        } finally {
            db.close();
        }
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir))).isEqualTo("rwx------");
        Path file = dir.resolve("shop.mv.db");
        assertThat(Files.size(file)).as("H2 filled the file it was given").isPositive();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        try (var files = Files.list(dir)) {
            assertThat(files).allSatisfy(f -> assertThat(PosixFilePermissions.toString(
                Files.getPosixFilePermissions(f))).as(f.toString()).isEqualTo("rw-------"));
        }
    }

    @Test
    void anotherLocalUserCanNeitherOpenTheDatabaseWithoutItsPasswordNorCreateOne() throws Exception {
        DemoDatabase db = DemoDatabase.embedded(tmp.resolve("db"));
        try {
            String url = db.jdbcUrl();
            assertThatThrownBy(() -> DriverManager.getConnection(url, "", "").close())
                .isInstanceOf(SQLException.class);
            assertThatThrownBy(() -> DriverManager.getConnection(url, "shop", "guess").close())
                .isInstanceOf(SQLException.class);
            String other = url.substring(0, url.lastIndexOf('/')) + "/other";
            assertThatThrownBy(() -> DriverManager.getConnection(other, "mallory", "x").close())
                .as("no new database over TCP").isInstanceOf(SQLException.class);
            assertThat(db.env()).containsEntry("DEMO_DB_USER", "shop").containsKey("DEMO_DB_PASSWORD");
            try (Connection c = db.connect()) {
                assertThat(c.isValid(1)).isTrue();
            }
        } finally {
            db.close();
        }
        assertThat(Files.exists(tmp.resolve("db").resolve("other.mv.db"))).isFalse();
    }

    @Test
    void aDatabaseAnEarlierVersionMadeWithoutAPasswordGetsTheUserAndKeepsItsRows() throws Exception {
        Path dir = tmp.resolve("old");
        Files.createDirectories(dir);
        try (Connection c = DriverManager.getConnection("jdbc:h2:file:" + dir.toAbsolutePath().resolve("shop"));
             Statement s = c.createStatement()) {
            s.execute("CREATE TABLE kept (n INT)");
            s.execute("INSERT INTO kept VALUES (7)");
        }
        DemoDatabase db = DemoDatabase.embedded(dir);
        try (Connection c = db.connect(); Statement s = c.createStatement();
             java.sql.ResultSet r = s.executeQuery("SELECT n FROM kept")) {
            assertThat(r.next()).isTrue();
            assertThat(r.getInt(1)).isEqualTo(7);
        } finally {
            db.close();
        }
        DemoDatabase again = DemoDatabase.embedded(dir);
        try (Connection c = again.connect()) {
            assertThat(c.isValid(1)).as("the kept password opens it again").isTrue();
        } finally {
            again.close();
        }
    }

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
