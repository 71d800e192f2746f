package dev.horizon.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.horizon.testing.PostgresServer;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/** The shop's SQL on a real PostgreSQL (the tests otherwise run H2): seed, login, checkout, orders, revocations. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
final class ShopDataPostgresTest {

    private PostgresServer postgres;
    private HikariDataSource db;

    @BeforeAll
    void start() throws Exception {
        postgres = new PostgresServer();
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(postgres.jdbcUrl());
        db = new HikariDataSource(config);
    }

    @AfterAll
    void stop() throws Exception {
        db.close();
        postgres.close();
    }

    @Test
    @Order(1)
    void theShopRunsOnPostgresql() throws Exception {
        ShopData data = new ShopData(db, ProductCache.none());
        assertThat(data.createAndSeed()).isEqualTo(40);
        assertThat(data.createAndSeed()).isZero();
        assertThat(data.products()).hasSize(40).first().isEqualTo(new Product("SKU-001", "Red Kettle", 499));
        assertThat(data.login("alice", "horizon")).isEqualTo(ShopData.Login.EXISTING);
        assertThat(data.login("alice", "nope")).isEqualTo(ShopData.Login.WRONG_PASSWORD);
        assertThat(data.login("zoe", "pw")).isEqualTo(ShopData.Login.CREATED);
        long order = data.checkout("zoe", new Cart(Map.of("SKU-002", 2, "SKU-010", 1)));
        assertThat(data.orders("zoe")).containsExactly(new ShopData.Order(order, 2 * 749 + 2749,
            Map.of("SKU-002", 2, "SKU-010", 1)));
        assertThat(data.answers()).isTrue();
    }

    @Test
    @Order(2)
    void revocationsHoldOnPostgresql() throws Exception {
        JdbcRevocationList list = new JdbcRevocationList(db);
        Instant now = Instant.now();
        list.revoke("session-1", now.plusSeconds(60));
        list.revoke("session-1", now.plusSeconds(60));
        list.revokeUser("bob", now, now.plusSeconds(60));
        list.revokeUser("bob", now.minusSeconds(5), now.plusSeconds(60));
        assertThat(list.isRevoked("session-1", null, now)).isTrue();
        assertThat(list.isRevoked("session-2", "bob", now)).as("issued at the revocation instant").isTrue();
        assertThat(list.isRevoked("session-2", "bob", now.plusMillis(1))).as("issued after").isFalse();
        assertThat(list.isRevoked("session-2", "carol", now.minusSeconds(100))).isFalse();
    }
}
