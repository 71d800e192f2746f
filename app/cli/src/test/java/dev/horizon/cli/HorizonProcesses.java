package dev.horizon.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/** Runs {@code horizon} verbs as real child processes of the test and reads their output line by line. */
final class HorizonProcesses {

    private HorizonProcesses() {
    }

    /** The command line that runs {@code horizon} from the test classpath. */
    static List<String> horizonCommand() {
        String java = ProcessHandle.current().info().command().orElse("java");
        return List.of(java, "--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow", "-cp",
            System.getProperty("java.class.path"),
            "dev.horizon.cli.Horizon");
    }

    /** {@code horizon args...} from the test classpath as a YAML flow list, for an {@code instances.command}. */
    static String yamlCommand(String... args) {
        StringBuilder command = new StringBuilder("[");
        for (String part : horizonCommand()) {
            command.append('"').append(part).append("\", ");
        }
        for (String arg : args) {
            command.append('"').append(arg).append("\", ");
        }
        return command.substring(0, command.length() - 2) + "]";
    }

    /** Starts {@code horizon args...}; every output line (stdout and stderr) goes to {@code lines}. */
    static Process java(BlockingQueue<String> lines, String... args) throws IOException {
        return java(Map.of(), lines, args);
    }

    /**
     * {@code env --default-signal=INT} where GNU env has it (coreutils 8.31 on), else nothing: a process started in
     * the background of a shell without job control (a CI runner, {@code cmd &} in a script) inherits SIGINT
     * ignored, an ignored signal stays ignored across exec, and the JVM then never sees the Ctrl-C a test sends —
     * a user's terminal always delivers it. {@code env} execs the JVM, so the PID stays the JVM's.
     */
    private static final List<String> DEFAULT_SIGINT = defaultSigint();

    private static List<String> defaultSigint() {
        try {
            Process p = new ProcessBuilder("env", "--default-signal=INT", "true").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0
                ? List.of("env", "--default-signal=INT") : List.of();
        } catch (IOException e) {
            return List.of();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return List.of();
        }
    }

    /** Starts {@code horizon args...} with {@code env} added to its environment; output lines go to {@code lines}. */
    static Process java(Map<String, String> env, BlockingQueue<String> lines, String... args) throws IOException {
        List<String> command = new ArrayList<>(DEFAULT_SIGINT);
        command.addAll(horizonCommand());
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(env);
        Process p = builder.start();
        Thread.ofPlatform().daemon().start(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(),
                StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null;) {
                    lines.add(line);
                }
            } catch (IOException e) {
                lines.add("read failed: " + e);
            }
        });
        return p;
    }

    /** Stops {@code p} if it runs: SIGTERM, 30 s to end, then SIGKILL. */
    static void stop(@Nullable Process p) throws InterruptedException {
        if (p != null && p.isAlive()) {
            p.destroy();
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        }
    }

    /**
     * Waits up to 20 s for a line containing {@code part}; lines before it are consumed, and named in the failure
     * (CI once missed a "reloaded" line after SIGHUP and said nothing more).
     */
    static String await(BlockingQueue<String> lines, String part) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        List<String> passed = new ArrayList<>();
        while (System.nanoTime() < deadline) {
            String line = lines.poll(100, TimeUnit.MILLISECONDS);
            if (line != null && line.contains(part)) {
                return line;
            }
            if (line != null) {
                passed.add(line);
            }
        }
        throw new AssertionError("no line containing '" + part + "' in 20 s; meanwhile: " + passed);
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
