package dev.horizon.cli;

import static dev.horizon.cli.HorizonProcesses.await;
import static dev.horizon.cli.HorizonProcesses.freePort;
import static dev.horizon.cli.HorizonProcesses.java;
import static org.assertj.core.api.Assertions.assertThat;

import dev.horizon.testing.RedisServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.h2.tools.Server;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 19, item 6: a Redis outage must not take the shop down. Two real shop instances keep their sessions and the
 * catalogue cache in a real redis-server, behind {@code horizon up} whose health check is the shop's readiness
 * ({@code /health}, which fails while Redis is down: the worst case a user can configure). With Redis stopped, every
 * instance fails health the same way, so the fleet pauses replacement instead of replacing both: {@code /products}
 * keeps answering 200, {@code /me} answers 503 JSON, {@code /livez} stays 200, and no instance is replaced.
 */
class ShopRedisOutageProcessTest {

    private static final Pattern ADDRESS = Pattern.compile("\"id\":\"(shop-\\d+)\",\"state\":\"in_service\","
        + "\"address\":\"([0-9.:]+)\"");
    private static final String PAUSED = "replacement paused: all 2 instances fail health the same way (status 503)";

    @TempDir
    Path dir;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private HttpResponse<String> get(String address, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://" + address + path)).timeout(Duration.ofSeconds(15))
            .build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Asks for the products for {@code nanos}, each answer a 200; returns how many were served. */
    private static int productsServedFor(ShopClient shopper, long nanos) throws Exception {
        long until = System.nanoTime() + nanos;
        int served = 0;
        while (System.nanoTime() < until) {
            ShopClient.Answer products = shopper.get("/products");
            assertThat(products.status()).as("GET /products during the outage: %s", products.body()).isEqualTo(200);
            served++;
        }
        return served;
    }

    /** Each instance is alive but not ready, because its sessions are down. */
    private void assertLiveButNotReady(List<String> addresses) throws Exception {
        for (String address : addresses) {
            assertThat(get(address, "/livez").statusCode()).as("liveness of %s", address).isEqualTo(200);
            HttpResponse<String> readiness = get(address, "/health");
            assertThat(readiness.statusCode()).as("readiness of %s", address).isEqualTo(503);
            assertThat(readiness.body()).contains("\"sessions\":false");
        }
    }

    /** Seeds the shop's database as {@code horizon demo} does. */
    private void seed(Map<String, String> env) throws Exception {
        ProcessBuilder seeding = new ProcessBuilder(javaBinary(), "-jar", ShopFleetContract.DEMO_JAR.toString(),
            "seed").redirectErrorStream(true).redirectOutput(dir.resolve("seed.log").toFile());
        seeding.environment().putAll(env);
        Process seeded = seeding.start();
        assertThat(seeded.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(seeded.exitValue()).as("seed: %s", Files.readString(dir.resolve("seed.log"))).isZero();
    }

    /** A horizon.yaml with the shop as two managed instances with {@code env}, and a short unhealthy grace. */
    private Path config(int gateway, int admin, Map<String, String> env) throws Exception {
        StringBuilder yaml = new StringBuilder()
            .append("gateway:\n  listen: 127.0.0.1:").append(gateway).append("\n  admin: 127.0.0.1:").append(admin)
            .append("\nroutes:\n  - service: shop\nservices:\n  shop:\n    balance: round-robin\n")
            .append("    health: { path: /health, interval: 1s, timeout: 3s, rise: 1, fall: 2 }\n")
            .append("    retries: { attempts: 2 }\n")
            .append("    instances:\n      command: [\"").append(javaBinary())
            .append("\", -XX:+UseSerialGC, -XX:TieredStopAtLevel=1, -Xmx128m, -jar, \"")
            .append(ShopFleetContract.DEMO_JAR).append("\", \"--port=${PORT}\", \"--instance=${INSTANCE_ID}\"]\n")
            .append("      env:\n");
        env.forEach((k, v) -> yaml.append("        ").append(k).append(": \"").append(v).append("\"\n"));
        yaml.append("      min: 2\n      max: 2\n      warmup: 0s\n      drain-timeout: 2s\n")
            .append("      unhealthy-grace: 5s\n      state-dir: ").append(dir.resolve("state")).append('\n');
        Path config = dir.resolve("horizon.yaml");
        Files.writeString(config, yaml, StandardCharsets.UTF_8);
        return config;
    }

    @Test
    void theFleetKeepsServingProductsAndReplacesNoInstanceWhileRedisIsDown() throws Exception {
        RedisServer redis = new RedisServer(dir);
        Server db = Server.createTcpServer("-tcpPort", "0", "-baseDir", dir.resolve("db").toString(), "-ifNotExists")
            .start();
        Process horizon = null;
        try {
            String redisUri = "redis://127.0.0.1:" + redis.port();
            Map<String, String> env = Map.of("DEMO_DB", "jdbc:h2:tcp://127.0.0.1:" + db.getPort() + "/shop",
                "DEMO_SESSIONS", "redis", "DEMO_REDIS", redisUri, "DEMO_CACHE_REDIS", redisUri);
            seed(env);
            int gateway = freePort();
            int admin = freePort();
            Path config = config(gateway, admin, env);
            BlockingQueue<String> lines = new LinkedBlockingQueue<>();
            horizon = java(lines, "up", "-c", config.toString());
            await(lines, "gateway on");
            AdminClientForTests adminClient = new AdminClientForTests(admin);
            String before = adminClient.awaitInstances("shop",
                json -> json.contains("\"in_service\":2,\"warming\":0,\"starting\":0"), "2 shop instances in service");
            List<String> addresses = new ArrayList<>();
            Matcher m = ADDRESS.matcher(before);
            while (m.find()) {
                addresses.add(m.group(2));
            }
            assertThat(addresses).hasSize(2);
            ShopClient shopper = new ShopClient(gateway);
            assertThat(shopper.get("/products").status()).isEqualTo(200);
            ShopClient member = new ShopClient(gateway);
            assertThat(member.login("outage-1").status()).isEqualTo(200);

            redis.close();

            adminClient.awaitInstances("shop", json -> json.contains(PAUSED), "replacement paused");
            await(lines, "horizon: shop: " + PAUSED);
            int served = productsServedFor(shopper, TimeUnit.SECONDS.toNanos(6)); // past another unhealthy-grace
            ShopClient.Answer me = member.get("/me");
            assertThat(me.status()).isEqualTo(503);
            assertThat(me.body()).startsWith("{\"error\":");
            assertLiveButNotReady(addresses);
            String after = adminClient.instances("shop");
            assertThat(after).contains("\"restarts\":0", "\"in_service\":2,\"warming\":0,\"starting\":0,"
                + "\"draining\":0", "\"replacement_paused\":\"" + PAUSED + "\"");
            assertThat(ids(after)).isEqualTo(ids(before));
            assertThat(served).isPositive();
        } finally {
            if (horizon != null) {
                horizon.destroy();
                if (!horizon.waitFor(30, TimeUnit.SECONDS)) {
                    horizon.destroyForcibly();
                }
            }
            db.stop();
            redis.close();
        }
    }

    private static List<String> ids(String json) {
        List<String> ids = new ArrayList<>();
        Matcher m = Pattern.compile("\"id\":\"(shop-\\d+)\"").matcher(json);
        while (m.find()) {
            ids.add(m.group(1));
        }
        return ids;
    }

    private static String javaBinary() {
        return ProcessHandle.current().info().command().orElse("java");
    }
}
