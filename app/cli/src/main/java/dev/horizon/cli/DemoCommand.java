package dev.horizon.cli;

import dev.horizon.autoscale.Strategy;
import dev.horizon.sizing.ResizePolicy;
import dev.horizon.showcase.DemoJar;
import dev.horizon.showcase.DemoRun;
import dev.horizon.showcase.DemoSettings;
import dev.horizon.showcase.RunningStack;
import dev.horizon.showcase.TrafficSecond;
import dev.horizon.gateway.ServicesView;
import dev.horizon.control.ManagedControl;
import java.io.Console;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;
import sun.misc.Signal;

/**
 * {@code horizon demo}: the shop behind the gateway with 2 to 8 autoscaled instances and a shared database, and
 * shoppers playing a ramp, a spike and a calm phase while a status line shows the fleet at work.
 */
@Command(name = "demo", description = "Run the demo shop (gateway, autoscaled instances that grow in place and then "
    + "clone, database) with built-in shoppers through a ramp, a spike and a calm phase; Ctrl-C stops everything.")
final class DemoCommand implements Callable<Integer> {

    @Option(names = "--duration", description = "how long the shoppers shop (default: ${DEFAULT-VALUE})",
        defaultValue = "2m")
    Duration duration;

    @Option(names = "--users", description = "shoppers at the spike (default: ${DEFAULT-VALUE})", defaultValue = "48")
    int users;

    @Option(names = "--no-traffic", description = "only run the stack, until Ctrl-C")
    boolean noTraffic;

    @Option(names = "--redis", description = "keep sessions and a cache of the catalogue in this Redis "
        + "(redis://host:port); default: JWT cookies and no cache")
    @Nullable String redis;

    @Option(names = "--postgres", arity = "0..1", fallbackValue = DemoSettings.LOCAL_POSTGRES,
        paramLabel = "URL", description = "alone: start a throw-away PostgreSQL primary with 2 streaming replicas "
        + "(needs the postgresql package); with a URL (postgresql://user:password@host:port/db): use that "
        + "PostgreSQL; default: an embedded H2")
    @Nullable String postgres;

    @Option(names = "--port", description = "the gateway's port (default: ${DEFAULT-VALUE})", defaultValue = "8080")
    int port;

    @Option(names = "--admin-port", description = "the admin API's port (default: ${DEFAULT-VALUE})",
        defaultValue = "9090")
    int adminPort;

    @Option(names = "--jar", description = "the shop's jar (default: $HORIZON_DEMO_JAR, else the build's "
        + "demo/target/demo.jar)")
    @Nullable Path jar;

    @Option(names = "--state-dir", description = "config, database files, instance logs, and the run's trace.csv, "
        + "instances.csv and phases.json "
        + "(default: ${DEFAULT-VALUE})", defaultValue = ".horizon/demo")
    Path stateDir;

    @Option(names = "--seed", description = "seed of the shoppers' choices (default: ${DEFAULT-VALUE})",
        defaultValue = "1")
    long seed;

    @Option(names = "--strategy", paramLabel = "STRATEGY", description = "how the shop scales: vertical-first (it "
        + "starts small, grows in place to 500m, then clones), horizontal (the count only, at no size limit), "
        + "vertical, horizontal-first or cheapest (default: ${DEFAULT-VALUE})", defaultValue = "vertical-first")
    Strategy strategy;

    @Option(names = "--resize-policy", paramLabel = "POLICY", description = "how a resize reaches the running "
        + "instances: in-place (the same processes, new limits) or restart (each stopped and restarted at the new "
        + "size, one at a time, like a cloud VM; the shop runs one instance short meanwhile) (default: "
        + "${DEFAULT-VALUE})",
        defaultValue = "in-place")
    ResizePolicy resizePolicy;

    @Option(names = "--deploy", paramLabel = "STRATEGY", description = "halfway through the traffic, ship the shop's "
        + "version 2 (SHOP_VERSION=2) with this strategy: rolling, blue-green or canary, and follow the rollout; the "
        + "summary counts shoppers logged out and carts lost, and the share of requests each version answered")
    dev.horizon.deploy.@Nullable Strategy deploy;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        DemoSettings settings = new DemoSettings(duration, users, !noTraffic, redis, postgres, port, adminPort,
            DemoJar.locate(jar, DemoCommand.class), stateDir, seed, strategy,
            resizePolicy, deploy == null ? null : deploy.text());
        Console console = System.console();
        DemoRun run = new DemoRun(settings, out, console != null && console.isTerminal());
        Signal.handle(new Signal("INT"), s -> run.stop());
        Signal.handle(new Signal("TERM"), s -> run.stop());
        return run.run((config, log) -> {
            Stack stack = Stack.start(config, log, out, managed -> {
                throw new IllegalStateException("horizon demo does not reload its configuration; restart it");
            });
            return new RunningStack() {
                @Override
                public ManagedControl shop() {
                    ManagedControl shop = stack.control("shop");
                    if (shop == null) {
                        throw new IllegalStateException("the demo configuration has no managed shop service");
                    }
                    return shop;
                }

                @Override
                public List<TrafficSecond> shopTraffic(long fromEpochSecond) {
                    List<ServicesView.RecordedSecond> seconds = stack.gateway().services().recording("shop",
                        fromEpochSecond);
                    return seconds == null ? List.of() : seconds.stream().map(s -> new TrafficSecond(s.epochSecond(),
                        s.arrivals(), s.served(), s.rejected(), s.timedOut(), s.p50Ms(), s.p95Ms(), s.p99Ms()))
                        .toList();
                }

                @Override
                public boolean stop() {
                    return stack.stop();
                }
            };
        });
    }
}
