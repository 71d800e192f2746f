package dev.horizon.demo;

import dev.horizon.session.SessionStore;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import sun.misc.Signal;

/**
 * {@code java -jar demo.jar [options]} serves the shop; {@code db-server} runs the shared H2 database and {@code seed}
 * creates and fills the tables. Every option also reads an environment variable, so a fleet's {@code env} can
 * configure instances.
 */
@Command(name = "demo.jar", mixinStandardHelpOptions = true, description = "The Horizon demo shop.",
    subcommands = {DemoMain.DbServer.class, DemoMain.Seed.class})
public final class DemoMain implements Callable<Integer> {

    @Option(names = "--host", description = "address to listen on (default: ${DEFAULT-VALUE})",
        defaultValue = "127.0.0.1")
    String host;

    @Option(names = "--port", description = "port to listen on (default: $PORT, else ${DEFAULT-VALUE})",
        defaultValue = "${env:PORT:-8000}")
    int port;

    @Option(names = "--instance", description = "this instance's id, sent as X-Instance (default: $INSTANCE_ID, "
        + "else shop-PID)", defaultValue = "${env:INSTANCE_ID}")
    @Nullable String instance;

    @Option(names = "--shop-version", description = "the version this instance says it runs, sent as X-Version "
        + "(default: $SHOP_VERSION, else ${DEFAULT-VALUE}); horizon demo --deploy ships 2",
        defaultValue = "${env:SHOP_VERSION:-1}")
    String version;

    @CommandLine.Mixin
    Database database = new Database();

    @CommandLine.Mixin
    SessionOptions sessions = new SessionOptions();

    @Option(names = "--work", description = "simulated work in milliseconds per GET /products, to make the shop "
        + "as slow as a real backend (default: $DEMO_WORK_MS, else ${DEFAULT-VALUE})",
        defaultValue = "${env:DEMO_WORK_MS:-0}")
    int workMillis;

    @Option(names = "--cache-redis", description = "cache the catalogue in this Redis (redis://host:port), with a "
        + "first level in each instance (default: $DEMO_CACHE_REDIS, else no cache)",
        defaultValue = "${env:DEMO_CACHE_REDIS}")
    @Nullable String cacheRedis;

    @Option(names = "--password-iterations", description = "PBKDF2-HMAC-SHA256 iterations of new password hashes; "
        + "older hashes are upgraded at the next login (default: $DEMO_PASSWORD_ITERATIONS, else ${DEFAULT-VALUE}, "
        + "OWASP's recommendation)", defaultValue = "${env:DEMO_PASSWORD_ITERATIONS:-600000}")
    int passwordIterations;

    @Option(names = "--stop-timeout", description = "how long SIGTERM waits for requests in flight "
        + "(default: ${DEFAULT-VALUE}s)", defaultValue = "30")
    int stopTimeoutSeconds;

    /** The database options every verb shares. */
    static final class Database {
        @Option(names = "--db", description = "JDBC URL of the shared database (default: $DEMO_DB)",
            defaultValue = "${env:DEMO_DB}")
        @Nullable String url;

        @Option(names = "--db-user", description = "database user (default: $DEMO_DB_USER)",
            defaultValue = "${env:DEMO_DB_USER}")
        @Nullable String user;

        @Option(names = "--db-password-env", description = "environment variable holding the database password "
            + "(default: ${DEFAULT-VALUE})", defaultValue = "DEMO_DB_PASSWORD")
        String passwordEnv;

        @Option(names = "--db-replicas", split = ",", description = "JDBC URLs of the database's streaming "
            + "replicas, comma-separated; plain SELECTs go to one that keeps up (default: $DEMO_DB_REPLICAS)",
            defaultValue = "${env:DEMO_DB_REPLICAS}")
        @Nullable List<String> replicas;

        ShopDatabase open(String poolName, int size) {
            if (url == null || url.isBlank()) {
                throw new IllegalArgumentException("no database: give --db JDBC-URL or set DEMO_DB");
            }
            List<String> replicaUrls = replicas == null ? List.of()
                : replicas.stream().filter(r -> !r.isBlank()).toList();
            return ShopDatabase.open(url, user, System.getenv(passwordEnv), replicaUrls, poolName, size);
        }
    }

    /** Serves the shop until SIGTERM or SIGINT, then finishes the requests in flight and exits 0. */
    @Override
    public Integer call() throws Exception {
        String id = instance != null && !instance.isBlank() ? instance : "shop-" + ProcessHandle.current().pid();
        JsonLog log = new JsonLog(id, System.out);
        CountDownLatch stopped = new CountDownLatch(1);
        Passwords passwords = Passwords.pbkdf2(passwordIterations);
        try (ShopDatabase db = database.open("shop-" + id, 8);
             SessionStore store = sessions.open(db.source());
             ProductCache products = ProductCache.open(cacheRedis);
             AttemptStore attempts = sessions.loginAttempts(LoginThrottle.Settings.DEFAULT.forgetAfter())) {
            ShopServer server = ShopServer.start(host, port, Duration.ofSeconds(stopTimeoutSeconds).toMillis(),
                new ShopServer.Shop(id, new ShopData(db.source(), products, passwords), store,
                    sessions.health(store), log, workMillis,
                    new LoginThrottle(attempts, LoginThrottle.Settings.DEFAULT, InstantSource.system())),
                version);
            log.info("shop started", JsonObject.of("address", host + ":" + server.address().getPort(),
                "version", version, "sessions", sessions.describe(), "database", db.describe(),
                "product cache", products.describe(), "password iterations", passwords.iterations(),
                "login limits", sessions.describeLoginAttempts()));
            Signal.handle(new Signal("TERM"), sig -> stopped.countDown());
            Signal.handle(new Signal("INT"), sig -> stopped.countDown());
            stopped.await();
            log.info("stopping: finishing requests in flight", Map.of());
            server.close();
            log.info("stopped", Map.of());
        }
        return 0;
    }

    /** {@code db-server}: the shared H2 database on a loopback port, until killed. */
    @Command(name = "db-server", description = "Run the shared H2 database (loopback only).")
    static final class DbServer implements Callable<Integer> {
        @Option(names = "--port", required = true, description = "TCP port")
        int port;

        @Option(names = "--dir", required = true, description = "directory for the database files")
        Path dir;

        @Override
        public Integer call() throws Exception {
            DatabaseServer server = DatabaseServer.start(port, dir);
            System.out.println("database listening on " + server.url());
            Runtime.getRuntime().addShutdownHook(new Thread(server::close, "db-stop"));
            new CountDownLatch(1).await();
            return 0;
        }
    }

    /** {@code seed}: creates the tables and the products and users when missing. */
    @Command(name = "seed", description = "Create the shop's tables and seed products and users.")
    static final class Seed implements Callable<Integer> {
        @CommandLine.Mixin
        Database database = new Database();

        @Override
        public Integer call() throws Exception {
            try (ShopDatabase db = database.open("seed", 1)) {
                int seeded = new ShopData(db.source(), ProductCache.none()).createAndSeed();
                System.out.println(seeded == 0 ? "database already seeded" : "seeded " + seeded
                    + " products and users alice, bob, carol (password: " + ShopData.SEED_PASSWORD + ")");
            }
            return 0;
        }
    }

    /** Runs the command line and exits with its code. */
    public static void main(String[] args) {
        System.exit(run(args, System.err));
    }

    static int run(String[] args, PrintStream err) {
        CommandLine cli = new CommandLine(new DemoMain());
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            err.println("demo: " + e.getMessage());
            return e instanceof IllegalArgumentException ? 2 : 1;
        });
        cli.setParameterExceptionHandler((e, a) -> {
            err.println("demo: " + e.getMessage() + " (see --help)");
            return 2;
        });
        return cli.execute(args);
    }
}
