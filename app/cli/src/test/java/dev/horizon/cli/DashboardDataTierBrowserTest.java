package dev.horizon.cli;

import static dev.horizon.cli.HorizonProcesses.freePort;
import static org.assertj.core.api.Assertions.assertThat;

import dev.horizon.testing.Eventually;
import dev.horizon.testing.PostgresServer;
import dev.horizon.testing.RedisServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The dashboard's data tier panel in a real browser against a real {@code horizon up}: two shop instances on a real
 * PostgreSQL primary with one streaming replica, their catalogue cached in a real redis-server. The page shows the
 * replica up on both instances with its lag and the reads it takes, the cache's hit ratio once the catalogue is read,
 * the replica down with the instances' reason within seconds of it stopping, and up again once it is back.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DashboardDataTierBrowserTest extends DashboardCase {

    private static final String REPLICA = "#data-tier tr[data-replica='replica-1']";

    private Path dir = Path.of(".");
    private @Nullable PostgresServer primary;
    private @Nullable PostgresServer replica;
    private @Nullable RedisServer redis;
    private int admin;
    private int listen;
    private final HttpClient client = HttpClient.newHttpClient();

    @BeforeAll
    void start() throws Exception {
        DashboardBrowser.assumeInstalled();
        dir = Files.createTempDirectory("horizon-dashboard-data-test");
        PostgresServer db = new PostgresServer();
        primary = db;
        replica = db.replica();
        redis = new RedisServer(dir);
        Map<String, String> env = Map.of("DEMO_DB", db.jdbcUrl(), "DEMO_DB_REPLICAS", replica().jdbcUrl(),
            "DEMO_CACHE_REDIS", "redis://127.0.0.1:" + redis.port(), "DEMO_SESSIONS", "memory",
            "DEMO_PASSWORD_ITERATIONS", "10000");
        ShopFleetContract.seed(dir, env);
        listen = freePort();
        admin = freePort();
        StringBuilder config = new StringBuilder("gateway:\n  listen: 127.0.0.1:" + listen + "\n  admin: 127.0.0.1:"
            + admin + "\nroutes:\n  - service: shop\nservices:\n  shop:\n    balance: round-robin\n"
            + "    health: { path: /health, interval: 300ms, timeout: 1s, rise: 1, fall: 2 }\n"
            + "    instances:\n      command: " + ShopFleetContract.shopCommand() + "\n      env:\n");
        env.forEach((k, v) -> config.append("        ").append(k).append(": \"").append(v).append("\"\n"));
        config.append("      min: 2\n      max: 2\n      warmup: 0s\n      drain-timeout: 5s\n      state-dir: ")
            .append(dir.resolve("state")).append('\n');
        up = DashboardUp.start(dir, config.toString(), Map.of("XDG_STATE_HOME", dir.toString()), listen, admin);
    }

    private PostgresServer replica() {
        PostgresServer r = replica;
        assertThat(r).as("the replica").isNotNull();
        return java.util.Objects.requireNonNull(r);
    }

    @Override
    @AfterAll
    void stop() throws Exception {
        super.stop();
        for (AutoCloseable server : new AutoCloseable[] {replica, primary, redis}) {
            if (server != null) {
                server.close();
            }
        }
    }

    private HttpResponse<String> get(String url) {
        try {
            return client.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Test
    @Order(1)
    void theReplicaIsUpOnBothInstancesAndTheCachesHitRatioShowsOnceTheCatalogueIsRead() throws Exception {
        DashboardBrowser page = page();
        Eventually.await("the shop's two instances publish their data tier",
            () -> page.attribute("#data-tier", "data-instances").equals("2"));
        Eventually.await("replica-1 up on 2 of 2", () -> page.text(REPLICA + " [data-role='state']").equals("up")
            && page.text(REPLICA + " td:nth-child(3)").equals("2/2"));
        assertThat(page.text(REPLICA + " [data-role='lag']")).matches("\\d+ ms|\\d+\\.\\d\\d s");

        Eventually.await("a hit ratio over the last interval", () -> {
            for (int i = 0; i < 20; i++) {
                assertThat(get("http://127.0.0.1:" + listen + "/products").statusCode()).isEqualTo(200);
            }
            return page.text("#data-tier tr[data-cache='shop-products'] [data-role='hit-ratio']")
                .matches("\\d+\\.\\d %");
        });
        String data = get("http://127.0.0.1:" + admin + "/admin/services/shop/data").body();
        assertThat(data).startsWith("{\"service\":\"shop\",").contains("\"instances\":2,")
            .contains("{\"name\":\"replica-1\",\"state\":\"up\",\"up\":2,\"reporting\":2,")
            .contains("{\"name\":\"shop-products\",\"hit_ratio\":");
        page.script("document.getElementById('data-tier').scrollIntoView()");
        page.screenshot(Path.of("target", "dashboard-data-tier.png"));
    }

    @Test
    @Order(2)
    void aStoppedReplicaIsShownDownWithTheReasonThenUpAgain() throws Exception {
        DashboardBrowser page = page();
        replica().stop();
        Eventually.await("replica-1 down", () -> page.text(REPLICA + " [data-role='state']").equals("down"));
        assertThat(page.text(REPLICA + " td:last-child")).isNotBlank();
        replica().start();
        // the instances probe a failed replica again after a backoff of up to 10 s
        Eventually.await("replica-1 up again", Duration.ofSeconds(60),
            () -> page.text(REPLICA + " [data-role='state']").equals("up"));
        assertThat(page.consoleErrors(m -> false)).as("console errors").isEmpty();
    }
}
