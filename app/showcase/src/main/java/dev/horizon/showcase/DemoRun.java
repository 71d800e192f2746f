package dev.horizon.showcase;

import dev.horizon.config.ConfigLoader;
import dev.horizon.config.LoadedConfig;
import dev.horizon.control.TimestampedLines;
import dev.horizon.control.ManagedControl;
import dev.horizon.autoscale.Decision;
import dev.horizon.autoscale.Shape;
import dev.horizon.duration.DurationText;
import dev.horizon.fleet.FleetStatus;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * One run of {@code horizon demo}: database, seed, configuration, stack, shoppers with a live status line, summary,
 * and a clean stop (also on Ctrl-C, through {@link #stop()}).
 */
public final class DemoRun {

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(120);

    private final DemoSettings settings;
    private final PrintWriter out;
    private final boolean terminal;
    private final CountDownLatch stopped = new CountDownLatch(1);
    /** The run's record once the shop is ready; written into the state directory when the run ends. */
    private @Nullable RunRecording recording;
    /** The phases played so far (the playback's own list, so a run stopped early keeps what it played). */
    private List<DemoReport.PhaseResult> phases = List.of();
    /** The deploy of {@code --deploy}, once the shoppers started. */
    private @Nullable RolloutWatch watch;

    /** A run that writes to {@code out}; {@code terminal} redraws one status line instead of printing many. */
    public DemoRun(DemoSettings settings, PrintWriter out, boolean terminal) {
        this.settings = settings;
        this.out = out;
        this.terminal = terminal;
    }

    /** Asks the run to stop (Ctrl-C): the shoppers stop, the summary is printed, everything is shut down. */
    public void stop() {
        stopped.countDown();
    }

    /**
     * Runs the demo to its end (or {@link #stop()}).
     *
     * @return the exit code: 0
     * @throws IllegalArgumentException for a bad setting (nothing is left running)
     * @throws IllegalStateException when a part of the stack cannot start (nothing is left running)
     */
    public int run(RunningStack.Starter starter) throws IOException, InterruptedException {
        checkFree("--port", settings.port());
        checkFree("--admin-port", settings.adminPort());
        String redis = settings.redis();
        if (redis != null) {
            DependencyCheck.redis(redis);
        }
        Path state = settings.stateDir().toAbsolutePath().normalize();
        PrivateFiles.directory(state);
        DemoDatabase db = database(state);
        try {
            out.println("horizon demo: database " + db.describe());
            seed(db);
            Path file = writeConfig(state, db);
            freshRevisions(state);
            LoadedConfig config = ConfigLoader.load(file);
            try (PrintWriter log = TimestampedLines.of(Files.newBufferedWriter(state.resolve("horizon.log"),
                    StandardCharsets.UTF_8))) {
                RunningStack stack = starter.start(config, log);
                try {
                    ManagedControl shop = stack.shop();
                    if (awaitReady(shop)) {
                        out.printf("horizon demo: shop on http://127.0.0.1:%d/ (try /products), admin on "
                            + "http://127.0.0.1:%d/admin/services, config %s, logs %s%n", settings.port(),
                            settings.adminPort(), file, state.resolve("instances"));
                        out.printf("horizon demo: dashboard on http://127.0.0.1:%d/%n", settings.adminPort());
                        out.println("horizon demo: " + DemoReport.story(settings.strategy(),
                            shop.instances().limits()));
                        Instant begun = Instant.now();
                        RunRecording record = new RunRecording(begun.getEpochSecond());
                        recording = record;
                        if (settings.traffic()) {
                            shop(shop, begun, record);
                        } else {
                            out.println("horizon demo: no traffic; Ctrl-C stops everything");
                            out.flush();
                            do {
                                sample(shop, record);
                            } while (!stopped.await(250, TimeUnit.MILLISECONDS));
                        }
                    }
                } finally {
                    writeRecording(stack, state);
                    out.println("horizon demo: stopping (draining the instances)");
                    out.flush();
                    stack.stop();
                }
            }
        } finally {
            db.close();
        }
        out.println("horizon demo: stopped");
        out.flush();
        return 0;
    }

    /** Fails before anything starts when a port is taken (another demo, or anything else). */
    private static void checkFree(String option, int port) {
        try (java.net.ServerSocket s = new java.net.ServerSocket()) {
            s.setReuseAddress(true);
            s.bind(new java.net.InetSocketAddress("127.0.0.1", port));
        } catch (IOException e) {
            throw new IllegalArgumentException(option + " " + port + ": 127.0.0.1:" + port
                + " is in use (another horizon demo?); choose a free port with " + option);
        }
    }

    private DemoDatabase database(Path state) {
        String postgres = settings.postgres();
        if (DemoSettings.LOCAL_POSTGRES.equals(postgres)) {
            out.println("horizon demo: starting PostgreSQL, a primary and 2 streaming replicas (a few seconds)");
            out.flush();
            return DemoDatabase.localCluster();
        }
        if (postgres != null) {
            DemoDatabase db = DemoDatabase.postgres(postgres);
            DependencyCheck.postgres(db.jdbcUrl());
            return db;
        }
        try {
            return DemoDatabase.embedded(state.resolve("db"));
        } catch (SQLException | IOException e) {
            throw new IllegalStateException("cannot start the embedded H2 database: " + e.getMessage(), e);
        }
    }

    /** Runs {@code demo.jar seed} against the database and shows what it says. */
    private void seed(DemoDatabase db) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(java(), "-jar", settings.jar().toString(), "seed")
            .redirectErrorStream(true);
        pb.environment().putAll(db.env());
        pb.environment().put("DEMO_PASSWORD_ITERATIONS", Integer.toString(DemoConfig.PASSWORD_ITERATIONS));
        Process p = pb.start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IllegalStateException("seeding the database failed: " + output);
        }
        out.println("horizon demo: " + output.lines().reduce((a, b) -> b).orElse("seeded"));
    }

    private Path writeConfig(Path state, DemoDatabase db) throws IOException {
        Map<String, String> env = new LinkedHashMap<>(db.env());
        env.put("DEMO_PASSWORD_ITERATIONS", Integer.toString(DemoConfig.PASSWORD_ITERATIONS));
        env.put(DemoConfig.VERSION_VARIABLE, "1");
        String redis = settings.redis();
        if (redis != null) {
            env.put("DEMO_SESSIONS", "redis");
            env.put("DEMO_REDIS", redis);
            env.put("DEMO_CACHE_REDIS", redis);
        } else {
            byte[] secret = new byte[32];
            new SecureRandom().nextBytes(secret);
            env.put("DEMO_SESSIONS", "jwt");
            env.put("DEMO_JWT_SECRET", Base64.getEncoder().encodeToString(secret));
        }
        List<String> command = List.of(java(), "-XX:+UseSerialGC", "-Xms32m", "-Xmx192m",
            "-XX:TieredStopAtLevel=1", "-jar", settings.jar().toString(), "--port=${PORT}",
            "--instance=${INSTANCE_ID}");
        Path file = state.resolve("horizon.yaml");
        PrivateFiles.write(file, DemoConfig.yaml(settings.port(), settings.adminPort(), command, env, state,
            settings.strategy(), settings.resizePolicy()) + DemoConfig.deploy(settings.deploy()));
        out.println("horizon demo: sessions in " + (redis != null ? "Redis " + redis + " (also caching the catalogue)"
            : "signed JWT cookies"));
        return file;
    }

    /**
     * Forgets the shop's revisions and rollout of an earlier run ({@code instances/shop/revisions/},
     * {@code rollout.json}): every run starts from revision 1 of the configuration it has just written, which carries
     * this run's secrets, rather than resume serving a revision an earlier {@code --deploy} made from that run's.
     */
    private static void freshRevisions(Path state) throws IOException {
        Path shop = state.resolve("instances").resolve("shop");
        Path revisions = shop.resolve("revisions");
        if (Files.isDirectory(revisions)) {
            try (var files = Files.list(revisions)) {
                for (Path f : files.toList()) {
                    Files.delete(f);
                }
            }
            Files.delete(revisions);
        }
        Files.deleteIfExists(shop.resolve("rollout.json"));
    }

    private boolean awaitReady(ManagedControl shop) throws InterruptedException {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        int shown = -1;
        FailedInstances failed = new FailedInstances(
            settings.stateDir().toAbsolutePath().normalize().resolve("instances").resolve("shop"));
        while (System.nanoTime() < deadline) {
            FleetStatus s = shop.status();
            if (s.ready() >= DemoConfig.MIN) {
                return true;
            }
            for (String line : failed.newlyFailed(s)) {
                out.println("horizon demo: " + line);
                out.flush();
            }
            if (s.ready() != shown) {
                out.printf("horizon demo: waiting for the shop: %d of %d instances ready%n", s.ready(), DemoConfig.MIN);
                out.flush();
                shown = s.ready();
            }
            if (stopped.await(200, TimeUnit.MILLISECONDS)) {
                return false;
            }
        }
        throw new IllegalStateException("the shop's instances did not become ready within "
            + DurationText.format(READY_TIMEOUT) + "; see their logs under "
            + settings.stateDir().resolve("instances"));
    }

    /** Notes the shop's fleet in the run's record, once a second. */
    private static void sample(ManagedControl shop, RunRecording record) {
        record.sample(System.currentTimeMillis() / 1000, RunRecording.FleetSample.of(shop.instances()));
    }

    /**
     * Writes the run's record (trace, instance timeline, phases, report.html) into the state directory and names the
     * files; a failure to write is reported, never thrown over the run's own outcome.
     */
    private void writeRecording(RunningStack stack, Path state) {
        RunRecording record = recording;
        if (record == null) {
            return;
        }
        try {
            RolloutWatch w = watch;
            List<Path> files = new ArrayList<>(record.write(state, stack.shopTraffic(record.startEpochSecond()),
                phases, w == null ? null : w.result()));
            files.add(RunReportPage.write(state, files.get(1), phases, w == null ? null : w.result()));
            line("horizon demo: wrote " + String.join(", ", files.stream().map(Path::toString).toList()));
        } catch (IOException | RuntimeException e) {
            line("horizon demo: cannot write the run's trace and timeline into " + state + ": " + e.getMessage());
        }
    }

    /** Plays the traffic plan, with the live status, then prints the summary. */
    private void shop(ManagedControl shop, Instant begun, RunRecording record) throws InterruptedException {
        TrafficPlan plan = TrafficPlan.of(settings.duration(), settings.users());
        try (ShopTraffic traffic = new ShopTraffic(URI.create("http://127.0.0.1:" + settings.port() + "/"),
                settings.seed())) {
            RolloutWatch deploy = RolloutWatch.of(settings.deploy(), plan.total().dividedBy(2), shop, traffic,
                this::line);
            watch = deploy;
            Playback playback = new Playback(plan, shop, traffic, begun, System.nanoTime(), record, deploy);
            phases = playback.results;
            while (playback.tick(System.nanoTime())) {
                stopped.await(200, TimeUnit.MILLISECONDS);
            }
            traffic.users(0);
            TrafficStats total = traffic.total();
            line("horizon demo: summary");
            DemoReport.summary(playback.results, total, DemoReport.shape(playback.overallPeak))
                .forEach(out::println);
            total.reasons().forEach((reason, n) -> out.println("  failed: " + n + " × " + reason));
            out.println(DemoReport.sessions(total));
            RolloutWatch.Result rollout = deploy.result();
            if (rollout != null) {
                DemoReport.rollout(rollout, total).forEach(out::println);
            }
            out.flush();
        }
    }

    /**
     * One play of the traffic plan, advanced every 200 ms: the shoppers follow the plan, each phase's result is kept
     * for the summary, each new scaling decision gets its own line and the status line is redrawn every second.
     */
    private final class Playback {

        private final TrafficPlan plan;
        private final ManagedControl shop;
        private final ShopTraffic traffic;
        private final Instant begun;
        private final long start;
        private final RunRecording record;
        private final RolloutWatch deploy;
        private long sampled = Long.MIN_VALUE;
        private final List<DemoReport.PhaseResult> results = new ArrayList<>();
        private long lastTick;
        private long lastPrinted;
        private TrafficPlan.@Nullable Phase phase;
        private TrafficStats phaseStats;
        private long phaseStart;
        private Shape atStart;
        private Shape peak;
        private Shape overallPeak;
        private @Nullable Decision shown;

        Playback(TrafficPlan plan, ManagedControl shop, ShopTraffic traffic, Instant begun, long start,
            RunRecording record, RolloutWatch deploy) {
            this.plan = plan;
            this.deploy = deploy;
            this.record = record;
            this.shop = shop;
            this.traffic = traffic;
            this.begun = begun;
            this.start = start;
            this.lastTick = start;
            this.phaseStats = traffic.newPhase();
            this.phaseStart = start;
            this.atStart = DemoReport.inService(shop.status());
            this.peak = atStart;
            this.overallPeak = atStart;
        }

        /** Advances to {@code now}; false once the plan is over or the run was stopped. */
        boolean tick(long now) {
            Duration elapsed = Duration.ofNanos(now - start);
            boolean done = elapsed.compareTo(plan.total()) >= 0 || stopped.getCount() == 0;
            FleetStatus fleet = shop.status();
            Shape serving = DemoReport.inService(fleet);
            TrafficPlan.Phase current = plan.phaseAt(elapsed);
            TrafficPlan.Phase previous = phase;
            if (previous != null && (current != previous || done)) {
                // trace second 0 is begun's whole second, and start (nanoTime) was read at begun
                double began = (phaseStart - start) / 1e9 + begun.getNano() / 1e9;
                results.add(new DemoReport.PhaseResult(previous, began, Duration.ofNanos(now - phaseStart),
                    phaseStats.requests(), phaseStats.errors(), phaseStats.p95Millis(), DemoReport.shape(atStart),
                    DemoReport.shape(serving), DemoReport.shape(DemoReport.larger(peak, serving)),
                    DemoReport.Sessions.of(phaseStats), DemoReport.Refused.of(phaseStats)));
            }
            if (done) {
                return false;
            }
            long second = System.currentTimeMillis() / 1000;
            if (second != sampled) {
                sampled = second;
                sample(shop, record);
            }
            if (current != previous) {
                begin(current, now, serving);
            }
            peak = DemoReport.larger(peak, serving);
            overallPeak = DemoReport.larger(overallPeak, serving);
            traffic.users(current.usersAt(elapsed.minus(current.start())));
            deploy.tick(elapsed);
            Decision last = shop.lastScaling().filter(d -> d.at().isAfter(begun)).orElse(null);
            if (last != null && !last.equals(shown)) {
                shown = last;
                line(DemoReport.event(last));
            }
            if (now - lastTick >= 1_000_000_000L) {
                status(current, elapsed, fleet, now);
            }
            return true;
        }

        private void begin(TrafficPlan.Phase next, long now, Shape serving) {
            phase = next;
            phaseStats = traffic.newPhase();
            phaseStart = now;
            atStart = serving;
            peak = serving;
            line(String.format("── %s: %s %s for %ds", next.name(), next.usersText(),
                "1".equals(next.usersText()) ? "shopper" : "shoppers", next.length().toSeconds()));
        }

        /** Redraws the status line (a terminal), or prints it every 5 s (a log). */
        private void status(TrafficPlan.Phase current, Duration elapsed, FleetStatus fleet, long now) {
            TrafficStats window = traffic.rollWindow();
            double seconds = (now - lastTick) / 1e9;
            lastTick = now;
            String status = DemoReport.status(current, elapsed, traffic.users(), fleet,
                new DemoReport.Window(window.requests() / seconds, window.p95Millis(), traffic.total().errors(),
                    DemoReport.Refused.of(traffic.total())),
                shown, deploy.status());
            if (terminal) {
                out.print("\r" + status + "\033[K");
                out.flush();
            } else if (now - lastPrinted >= 5_000_000_000L) {
                out.println(status);
                out.flush();
                lastPrinted = now;
            }
        }
    }

    /** Prints a line above the status line. */
    private void line(String text) {
        out.println(terminal ? "\r" + text + "\033[K" : text);
        out.flush();
    }

    private static String java() {
        return ProcessHandle.current().info().command().orElse("java");
    }
}
