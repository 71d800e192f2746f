package dev.horizon.cli;

import static dev.horizon.cli.HorizonProcesses.await;
import static dev.horizon.cli.HorizonProcesses.freePort;
import static dev.horizon.cli.HorizonProcesses.java;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.h2.tools.Server;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The demo shop as a fleet of three real instances behind {@code horizon up} (round robin, so consecutive requests go
 * to different instances), sharing an H2 database: what users see must not depend on which instance answers, and
 * must survive a killed instance and a rolling restart. Each session store runs the same suite through a subclass.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
abstract class ShopFleetContract {

    static final Path DEMO_JAR = Path.of("../../demo/target/demo.jar").toAbsolutePath().normalize();
    private static final Pattern INSTANCE_ID = Pattern.compile("\"id\":\"(shop-\\d+)\",\"state\":\"in_service\"");
    private static final String THREE_IN_SERVICE = "\"in_service\":3,\"warming\":0,\"starting\":0,\"draining\":0";

    private Path dir = Path.of(".");
    private @Nullable Server database;
    private @Nullable Process horizon;
    private int gateway;
    private int admin;
    private final AtomicInteger users = new AtomicInteger();

    /** The environment that selects and configures the session store; may start servers under {@code dir}. */
    abstract Map<String, String> sessionEnv(Path dir) throws Exception;

    /** Stops what {@link #sessionEnv} started. */
    void stopSessionStore() throws Exception {
    }

    /** The environment that names the shared database, started under {@code dir}: H2 unless a subclass says. */
    Map<String, String> databaseEnv(Path dir) throws Exception {
        Server db = Server.createTcpServer("-tcpPort", "0", "-baseDir", dir.resolve("db").toString(), "-ifNotExists")
            .start();
        database = db;
        return Map.of("DEMO_DB", "jdbc:h2:tcp://127.0.0.1:" + db.getPort() + "/shop");
    }

    /** Stops what {@link #databaseEnv} started. */
    void stopDatabase() throws Exception {
        if (database != null) {
            database.stop();
        }
    }

    /** The gateway's port. */
    int gateway() {
        return gateway;
    }

    @BeforeAll
    void startFleet() throws Exception {
        dir = Files.createTempDirectory("shop-fleet");
        Map<String, String> env = new LinkedHashMap<>(databaseEnv(dir));
        env.putAll(sessionEnv(dir));
        env.put("DEMO_PASSWORD_ITERATIONS", "10000"); // as horizon demo: 600,000 costs seconds per login on C1
        seed(dir, env);

        gateway = freePort();
        admin = freePort();
        StringBuilder yaml = new StringBuilder()
            .append("gateway:\n  listen: 127.0.0.1:").append(gateway).append("\n  admin: 127.0.0.1:").append(admin)
            .append("\nroutes:\n  - service: shop\nservices:\n  shop:\n    balance: round-robin\n")
            .append("    health: { path: /health, interval: 300ms, timeout: 1s, rise: 1, fall: 2 }\n")
            .append("    instances:\n      command: ").append(shopCommand()).append("\n      env:\n");
        env.forEach((k, v) -> yaml.append("        ").append(k).append(": \"").append(v).append("\"\n"));
        yaml.append("      min: 3\n      max: 3\n      warmup: 0s\n      drain-timeout: 10s\n")
            .append("      state-dir: ").append(dir.resolve("state")).append('\n');
        Path config = dir.resolve("horizon.yaml");
        Files.writeString(config, yaml, StandardCharsets.UTF_8);
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        horizon = java(lines, "up", "-c", config.toString());
        await(lines, "gateway on");
    }

    @AfterAll
    void stopFleet() throws Exception {
        Process p = horizon;
        if (p != null) {
            List<ProcessHandle> instances = p.descendants().filter(h -> h.info().commandLine().orElse("")
                .contains("--instance=")).toList();
            assertThat(instances).as("shop instances of the running fleet").isNotEmpty();
            p.destroy();
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
            assertThat(p.exitValue()).as("horizon up exit code").isZero();
            assertThat(instances.stream().filter(ProcessHandle::isAlive).toList()).as("shop processes left behind")
                .isEmpty();
        }
        stopDatabase();
        stopSessionStore();
    }

    @BeforeEach
    void threeInService() throws InterruptedException {
        awaitThreeInService();
    }

    /** Creates and fills the shop's tables in the database {@code env} names ({@code demo.jar seed}). */
    static void seed(Path dir, Map<String, String> env) throws IOException, InterruptedException {
        ProcessBuilder seeding = new ProcessBuilder(javaBinary(), "-jar", DEMO_JAR.toString(), "seed")
            .redirectErrorStream(true).redirectOutput(dir.resolve("seed.log").toFile());
        seeding.environment().putAll(env);
        Process seeded = seeding.start();
        assertThat(seeded.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(seeded.exitValue()).as("seed: %s", Files.readString(dir.resolve("seed.log"))).isZero();
    }

    /** The shop's instance command in horizon.yaml's flow style: a small serial-GC JVM on the built jar. */
    static String shopCommand() {
        return "[\"" + javaBinary() + "\", -XX:+UseSerialGC, -XX:TieredStopAtLevel=1, -Xmx128m, -jar, \"" + DEMO_JAR
            + "\", \"--port=${PORT}\", \"--instance=${INSTANCE_ID}\"]";
    }

    private static String javaBinary() {
        return ProcessHandle.current().info().command().orElse("java");
    }

    private Process horizon() {
        Process p = horizon;
        assertThat(p).isNotNull();
        return java.util.Objects.requireNonNull(p);
    }

    private String instances() {
        return new AdminClientForTests(admin).instances("shop");
    }

    private List<String> instanceIds(String json) {
        List<String> ids = new ArrayList<>();
        Matcher m = INSTANCE_ID.matcher(json);
        while (m.find()) {
            ids.add(m.group(1));
        }
        return ids;
    }

    private String awaitThreeInService() throws InterruptedException {
        return new AdminClientForTests(admin).awaitInstances("shop",
            json -> json.contains(THREE_IN_SERVICE), "3 shop instances in service");
    }

    ShopClient loggedIn(String user) throws Exception {
        ShopClient shopper = new ShopClient(gateway);
        ShopClient.Answer login = shopper.login(user);
        assertThat(login.status()).as("login: %s", login.body()).isEqualTo(200);
        assertThat(shopper.cookie()).isNotNull();
        return shopper;
    }

    String newUser() {
        return getClass().getSimpleName().toLowerCase() + "-" + users.incrementAndGet();
    }

    @Test
    @Order(1)
    void everyInstanceSeesTheSameUserAndCart() throws Exception {
        String user = newUser();
        ShopClient shopper = loggedIn(user);
        assertThat(shopper.add("SKU-001", 2).number("count")).isEqualTo(2);
        assertThat(shopper.add("SKU-007", 1).number("count")).isEqualTo(3);

        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 200; i++) {
            ShopClient.Answer a = shopper.get(i % 2 == 0 ? "/me" : "/cart");
            assertThat(a.status()).as("request %d: %s", i, a.body()).isEqualTo(200);
            if (i % 2 == 0) {
                assertThat(a.text("user")).as("request %d on %s", i, a.instance()).isEqualTo(user);
                assertThat(a.text("instance")).isEqualTo(a.instance());
            } else {
                assertThat(a.body()).as("request %d on %s", i, a.instance())
                    .isEqualTo("{\"count\":3,\"items\":{\"SKU-001\":2,\"SKU-007\":1}}");
            }
            seen.add(a.instance());
        }
        assertThat(seen).hasSize(3).allMatch(id -> id.matches("shop-\\d+"));
    }

    @Test
    @Order(2)
    void killingTheInstanceThatServedLastLosesNeitherLoginNorCart() throws Exception {
        String user = newUser();
        ShopClient shopper = loggedIn(user);
        shopper.add("SKU-003", 4);
        ShopClient.Answer last = shopper.get("/me");
        String victim = last.instance();
        List<ProcessHandle> killed = horizon().descendants().filter(h -> h.info().commandLine().orElse("")
            .contains("--instance=" + victim)).toList();
        assertThat(killed).as("process of %s", victim).hasSize(1);
        new ProcessBuilder("kill", "-KILL", Long.toString(killed.getFirst().pid())).start().waitFor();

        for (int i = 0; i < 30; i++) {
            ShopClient.Answer me = shopper.get("/me");
            assertThat(me.status()).as("GET /me %d after the kill: %s", i, me.body()).isEqualTo(200);
            assertThat(me.text("user")).isEqualTo(user);
            ShopClient.Answer cart = shopper.get("/cart");
            assertThat(cart.status()).isEqualTo(200);
            assertThat(cart.body()).isEqualTo("{\"count\":4,\"items\":{\"SKU-003\":4}}");
            assertThat(me.instance()).isNotEqualTo(victim);
        }
        String after = awaitThreeInService();
        assertThat(instanceIds(after)).doesNotContain(victim);
    }

    @Test
    @Order(3)
    void logoutThroughOneInstanceEndsTheSessionOnAll() throws Exception {
        ShopClient shopper = loggedIn(newUser());
        Set<String> knew = new HashSet<>();
        for (int i = 0; i < 3; i++) {
            ShopClient.Answer me = shopper.get("/me");
            assertThat(me.status()).isEqualTo(200);
            knew.add(me.instance());
        }
        assertThat(knew).hasSize(3);
        String stolen = shopper.cookie();
        ShopClient.Answer logout = shopper.post("/logout");
        assertThat(logout.body()).isEqualTo("{\"loggedOut\":true}");
        assertThat(shopper.cookie()).isNull();

        ShopClient replay = new ShopClient(gateway);
        Set<String> refused = new HashSet<>();
        for (int i = 0; i < 6; i++) {
            replay.cookie(stolen);
            ShopClient.Answer me = replay.get("/me");
            assertThat(me.status()).as("old cookie on %s: %s", me.instance(), me.body()).isEqualTo(401);
            refused.add(me.instance());
        }
        assertThat(refused).hasSize(3);
    }

    @Test
    @Order(4)
    void rollingRestartUnderLoadLogsNobodyOutAndFailsNothing() throws Exception {
        List<String> before = instanceIds(instances());
        assertThat(before).hasSize(3);
        AtomicBoolean running = new AtomicBoolean(true);
        ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
        AtomicInteger requests = new AtomicInteger();
        List<Thread> shoppers = new ArrayList<>();
        for (int u = 0; u < 6; u++) {
            String user = newUser();
            ShopClient shopper = loggedIn(user);
            shoppers.add(Thread.ofPlatform().start(() -> {
                int inCart = 0;
                while (running.get()) {
                    try {
                        ShopClient.Answer me = shopper.get("/me");
                        ShopClient.Answer add = shopper.add("SKU-010", 1);
                        inCart = Math.min(99, inCart + 1);
                        ShopClient.Answer cart = shopper.get("/cart");
                        requests.addAndGet(3);
                        if (me.status() != 200 || !user.equals(me.text("user"))) {
                            failures.add(user + " GET /me on " + me.instance() + ": " + me.status() + " " + me.body());
                        }
                        if (add.status() != 200 || cart.status() != 200 || cart.number("count") != inCart) {
                            failures.add(user + " cart: add " + add.status() + " on " + add.instance() + ", cart "
                                + cart.body() + " on " + cart.instance() + ", expected " + inCart);
                        }
                    } catch (IOException | InterruptedException e) {
                        failures.add(user + ": " + e);
                    }
                }
            }));
        }
        AdminClientForTests adminClient = new AdminClientForTests(admin);
        for (String id : before) {
            assertThat(adminClient.post("/admin/services/shop/endpoints/" + id + "/drain", "{\"drain\": true}"))
                .isEqualTo(200);
            adminClient.awaitInstances("shop", json -> !instanceIds(json).contains(id)
                && json.contains(THREE_IN_SERVICE), id + " replaced");
        }
        running.set(false);
        for (Thread t : shoppers) {
            t.join(20_000);
        }
        assertThat(instanceIds(instances())).doesNotContainAnyElementsOf(before);
        assertThat(requests.get()).isGreaterThan(100);
        assertThat(failures).as("failures in %d requests", requests.get()).isEmpty();
    }
}
