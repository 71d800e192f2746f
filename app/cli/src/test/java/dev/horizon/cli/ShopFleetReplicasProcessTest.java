package dev.horizon.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.horizon.testing.PostgresServer;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * The shop fleet on a real PostgreSQL primary with two streaming replicas, through Horizon's routing data source
 * (plain SELECTs to replicas) and JWT sessions: the whole fleet contract, plus read-your-writes across instances while
 * one replica replays half a second late.
 */
final class ShopFleetReplicasProcessTest extends ShopFleetContract {

    private static final Pattern ORDER_ID = Pattern.compile("\"order\":(\\d+)");

    private final List<PostgresServer> servers = new ArrayList<>();

    @Override
    Map<String, String> sessionEnv(Path dir) {
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        return Map.of("DEMO_SESSIONS", "jwt", "DEMO_JWT_SECRET", Base64.getEncoder().encodeToString(secret));
    }

    @Override
    Map<String, String> databaseEnv(Path dir) throws Exception {
        PostgresServer primary = new PostgresServer();
        servers.add(primary);
        servers.add(primary.replica());
        servers.add(primary.replica());
        return Map.of("DEMO_DB", primary.jdbcUrl(),
            "DEMO_DB_REPLICAS", servers.get(1).jdbcUrl() + "," + servers.get(2).jdbcUrl());
    }

    @Override
    void stopDatabase() throws Exception {
        for (int i = servers.size() - 1; i >= 0; i--) {
            servers.get(i).close();
        }
    }

    @Test
    @Order(10)
    void aThousandOrdersPlacedOnOneInstanceAreListedAtOnceByTheNextWhileAReplicaLags() throws Exception {
        servers.get(1).set("recovery_min_apply_delay", "500ms");
        try {
            ShopClient shopper = loggedIn(newUser());
            Set<String> readers = new HashSet<>();
            int stale = 0;
            for (int i = 0; i < 1000; i++) {
                assertThat(shopper.add("SKU-00" + (1 + i % 9), 1).status()).isEqualTo(200);
                if (i % 2 == 0) {
                    assertThat(shopper.get("/me").status()).isEqualTo(200);
                }
                ShopClient.Answer placed = shopper.post("/checkout");
                assertThat(placed.status()).as("checkout %d: %s", i, placed.body()).isEqualTo(200);
                long order = placed.number("order");
                ShopClient.Answer listed = shopper.get("/orders");
                assertThat(listed.status()).isEqualTo(200);
                assertThat(listed.instance()).isNotEqualTo(placed.instance());
                readers.add(listed.instance());
                Matcher newest = ORDER_ID.matcher(listed.body());
                if (!newest.find() || Long.parseLong(newest.group(1)) != order) {
                    stale++;
                }
            }
            assertThat(stale).as("reads that missed the order just placed").isZero();
            assertThat(readers).hasSizeGreaterThanOrEqualTo(2);
        } finally {
            servers.get(1).set("recovery_min_apply_delay", "0");
        }
    }
}
