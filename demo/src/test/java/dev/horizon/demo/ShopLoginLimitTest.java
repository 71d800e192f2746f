package dev.horizon.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 19 item 20 over a real Jetty: wrong passwords are limited per user and per client address (before, 2,341
 * wrong passwords in 10 s for one user were all answered 401 and the right one worked straight after).
 */
final class ShopLoginLimitTest {

    private final TestClock clock = new TestClock();
    private TestShop shop;

    @BeforeEach
    void start() throws Exception {
        shop = new TestShop(new LoginThrottle(AttemptStore.local(1000, Duration.ofHours(1), clock),
            LoginThrottle.Settings.DEFAULT, clock));
    }

    @AfterEach
    void stop() throws Exception {
        shop.close();
    }

    @Test
    void fiveWrongPasswordsLockTheUserEvenForTheRightOneUntilRetryAfterHasPassed() throws Exception {
        for (int i = 0; i < 5; i++) {
            HttpResponse<String> wrong = shop.login("alice", "guess" + i, "203.0.113.7");
            assertThat(wrong.statusCode()).as("attempt " + (i + 1)).isEqualTo(401);
            assertThat(wrong.body()).isEqualTo("{\"error\":\"wrong password for alice\"}");
        }
        HttpResponse<String> locked = shop.login("alice", "guess5", "203.0.113.7");
        assertThat(locked.statusCode()).isEqualTo(429);
        assertThat(locked.headers().firstValue("Retry-After")).hasValue("1");
        assertThat(locked.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(locked.body()).isEqualTo("{\"error\":\"too many failed logins for alice; try again in 1s\"}");

        HttpResponse<String> right = shop.login("alice", ShopData.SEED_PASSWORD, "198.51.100.1");
        assertThat(right.statusCode()).as("the right password, from elsewhere, while locked").isEqualTo(429);
        assertThat(right.headers().firstValue("Set-Cookie")).as("no session").isEmpty();

        assertThat(shop.login("bob", ShopData.SEED_PASSWORD, "203.0.113.7").statusCode())
            .as("another user from the same client").isEqualTo(200);

        clock.advance(Duration.ofSeconds(1));
        HttpResponse<String> after = shop.login("alice", ShopData.SEED_PASSWORD, "203.0.113.7");
        assertThat(after.statusCode()).isEqualTo(200);
        assertThat(after.body()).isEqualTo("{\"user\":\"alice\",\"instance\":\"shop-t\",\"created\":false}");
        assertThat(shop.login("alice", "guess6", "203.0.113.7").statusCode())
            .as("the success cleared the count").isEqualTo(401);
    }

    @Test
    void theLockDoublesWithEveryFurtherFailure() throws Exception {
        for (int i = 0; i < 5; i++) {
            shop.login("carol", "guess", "203.0.113.8");
        }
        clock.advance(Duration.ofSeconds(1));
        assertThat(shop.login("carol", "guess", "203.0.113.8").statusCode()).isEqualTo(401);
        HttpResponse<String> locked = shop.login("carol", "guess", "203.0.113.8");
        assertThat(locked.statusCode()).isEqualTo(429);
        assertThat(locked.headers().firstValue("Retry-After")).hasValue("2");
    }

    @Test
    void aClientTryingManyUsersIsLockedAfterTwentyWrongPasswords() throws Exception {
        for (int i = 0; i < 20; i++) {
            assertThat(shop.login("user" + i, "x", "203.0.113.9").statusCode()).isIn(200, 401);
            assertThat(shop.login("user" + i, "y", "203.0.113.9").statusCode()).isEqualTo(401);
        }
        HttpResponse<String> locked = shop.login("dave", "x", "203.0.113.9");
        assertThat(locked.statusCode()).isEqualTo(429);
        assertThat(locked.headers().firstValue("Retry-After")).hasValue("1");
        assertThat(locked.body())
            .isEqualTo("{\"error\":\"too many failed logins from 203.0.113.9; try again in 1s\"}");
        assertThat(shop.login("dave", "x", "203.0.113.10").statusCode()).as("another client").isEqualTo(200);
    }

    @Test
    void aHashOfTheOldFormatStillLogsInAndIsUpgradedToTheCurrentOne() throws Exception {
        String legacy = PasswordsTest.legacyHash("horizon", 2_000);
        setHash("bob", legacy);
        assertThat(shop.login("bob", "horizon", "203.0.113.11").statusCode()).isEqualTo(200);
        String upgraded = hash("bob");
        assertThat(upgraded).startsWith("pbkdf2-sha256$" + TestShop.ITERATIONS + "$");
        assertThat(Passwords.matches("horizon", upgraded)).isTrue();
        assertThat(shop.login("bob", "horizon", "203.0.113.11").statusCode()).isEqualTo(200);
        assertThat(hash("bob")).as("a current hash is left alone").isEqualTo(upgraded);
    }

    private void setHash(String user, String hash) throws Exception {
        try (Connection c = shop.db().getConnection();
             PreparedStatement p = c.prepareStatement("UPDATE users SET password_hash = ? WHERE name = ?")) {
            p.setString(1, hash);
            p.setString(2, user);
            assertThat(p.executeUpdate()).isEqualTo(1);
        }
    }

    private String hash(String user) throws Exception {
        try (Connection c = shop.db().getConnection();
             PreparedStatement p = c.prepareStatement("SELECT password_hash FROM users WHERE name = ?")) {
            p.setString(1, user);
            try (ResultSet r = p.executeQuery()) {
                assertThat(r.next()).isTrue();
                return r.getString(1);
            }
        }
    }
}
