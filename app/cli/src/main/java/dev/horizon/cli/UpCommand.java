package dev.horizon.cli;

import dev.horizon.config.ConfigException;
import dev.horizon.config.ConfigLoader;
import dev.horizon.config.LoadedConfig;
import dev.horizon.control.TimestampedLines;
import dev.horizon.control.ManagedServices;
import dev.horizon.duration.DurationText;
import dev.horizon.gateway.Gateway;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;
import sun.misc.Signal;

/**
 * {@code horizon up -c FILE}: runs the gateway and the admin API from a configuration file until SIGTERM or SIGINT,
 * then drains and exits 0. The file is re-read on SIGHUP, on {@code POST /admin/reload} and when it changes; a bad
 * file is rejected whole with {@code file:line: message} and the running configuration stays.
 */
@Command(name = "up", description = "Run the gateway and the admin API from a horizon.yaml.")
final class UpCommand implements Callable<Integer> {

    @Option(names = {"-c", "--config"}, description = "the configuration file (default: ${DEFAULT-VALUE})",
        defaultValue = "horizon.yaml")
    Path config;

    @Spec
    CommandSpec spec;

    /** The listener as first configured; a reload that moves it is refused at the line of {@code gateway.listen}. */
    private @Nullable InetSocketAddress listening;

    @Override
    public Integer call() throws Exception {
        LoadedConfig loaded;
        try {
            loaded = ConfigLoader.load(config);
        } catch (ConfigException e) {
            spec.commandLine().getErr().println("horizon up: " + e.getMessage());
            return Horizon.USAGE;
        }
        // from here on every line is a log line of the running process, and starts with its time
        PrintWriter out = TimestampedLines.of(spec.commandLine().getOut());
        PrintWriter err = TimestampedLines.of(spec.commandLine().getErr());
        listening = loaded.gateway().listen();
        Stack stack;
        try {
            stack = Stack.start(loaded, out, out, managed -> reloadOrLog(managed, out, err, "POST /admin/reload"));
        } catch (IllegalArgumentException e) {
            spec.commandLine().getErr().println("horizon up: " + config + ": " + e.getMessage());
            return Horizon.USAGE;
        }
        Gateway gateway = stack.gateway();
        ManagedServices managed = stack.managed();
        // the handlers come first: a SIGTERM right after the line below must drain, not kill the JVM
        CountDownLatch stop = new CountDownLatch(1);
        Signal.handle(new Signal("TERM"), s -> stop.countDown());
        Signal.handle(new Signal("INT"), s -> stop.countDown());
        Signal.handle(new Signal("HUP"), s -> reloadQuietly(managed, out, err, "SIGHUP"));
        out.printf("horizon: gateway on %s, admin on %s, %d service(s) from %s%n", Stack.text(gateway.address()),
            Stack.text(stack.adminAddress()), loaded.gateway().services().size(), config);
        InetSocketAddress tls = gateway.tlsAddress();
        if (tls != null) {
            out.printf("horizon: TLS on %s with the %s engine, %d certificate(s)%n", Stack.text(tls),
                gateway.tlsEngine(), gateway.certificates().size());
        }
        Thread watcher = Thread.ofPlatform().daemon().name("horizon-config-watch")
            .start(() -> watch(managed, out, err));
        stop.await();
        out.println("horizon: draining (up to " + DurationText.format(gateway.config().drainTimeout()) + ")");
        watcher.interrupt();
        boolean clean = stack.stop();
        out.println(clean ? "horizon: stopped" : "horizon: stopped (some requests did not finish in time)");
        return 0;
    }

    private void reload(ManagedServices managed, PrintWriter out) {
        InetSocketAddress running = listening;
        LoadedConfig next = running == null ? ConfigLoader.load(config) : ConfigLoader.reload(config, running);
        try {
            managed.reload(next);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(config + ": " + e.getMessage(), e);
        }
        out.println("horizon: reloaded " + config);
    }

    /** Reloads; a rejection is logged and thrown (for {@code POST /admin/reload}, which answers it). */
    private void reloadOrLog(ManagedServices managed, PrintWriter out, PrintWriter err, String trigger) {
        try {
            reload(managed, out);
        } catch (RuntimeException e) {
            err.println("horizon: reload rejected (" + trigger + "), the running configuration stays: "
                + e.getMessage());
            err.flush();
            throw e;
        }
    }

    private void reloadQuietly(ManagedServices managed, PrintWriter out, PrintWriter err, String trigger) {
        try {
            reloadOrLog(managed, out, err, trigger);
        } catch (RuntimeException e) {
            // logged
        }
    }

    /** Reloads when the file changes (editors replace files, so the directory is watched). */
    private void watch(ManagedServices managed, PrintWriter out, PrintWriter err) {
        Path file = config.toAbsolutePath();
        Path dir = file.getParent();
        if (dir == null) {
            return;
        }
        try (WatchService ws = FileSystems.getDefault().newWatchService()) {
            dir.register(ws, StandardWatchEventKinds.ENTRY_MODIFY, StandardWatchEventKinds.ENTRY_CREATE);
            while (!Thread.currentThread().isInterrupted()) {
                WatchKey key = ws.take();
                boolean ours = key.pollEvents().stream().anyMatch(e -> file.getFileName().equals(e.context()));
                key.reset();
                if (ours) {
                    Thread.sleep(200);
                    reloadQuietly(managed, out, err, "file changed");
                }
            }
        } catch (IOException | ClosedWatchServiceException e) {
            err.println("horizon: not watching " + config + " for changes: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
