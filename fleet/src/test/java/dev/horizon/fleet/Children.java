package dev.horizon.fleet;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

/** Command lines for real child processes in tests, and waiting for what they do. */
public final class Children {

    /** The JVM running the tests. */
    public static final String JAVA = ProcessHandle.current().info().command().orElse("java");

    private static final Duration PATIENCE = Duration.ofSeconds(20);

    private Children() {
    }

    /** {@code java … CLASS ARGS}: a JVM on the test classpath, tuned to start fast and stay small. */
    public static List<String> java(Class<?> main, String... args) {
        List<String> command = new ArrayList<>(List.of(JAVA, "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
            "-Xmx32m", "-XX:-UsePerfData", "-cp", System.getProperty("java.class.path"), main.getName()));
        command.addAll(List.of(args));
        return command;
    }

    /** {@link TestService} on {@code ${PORT}}. */
    public static List<String> service(String... args) {
        List<String> command = new ArrayList<>(java(TestService.class, args));
        command.add("--port=${PORT}");
        return command;
    }

    /** {@link TestService} started from {@code sh} with SIGTERM ignored (the JVM inherits the ignored signal). */
    public static List<String> serviceIgnoringTerm() {
        return List.of("sh", "-c", "trap '' TERM; exec " + String.join(" ", service()));
    }

    /** Waits (real time, up to 20 s) until the condition holds; fails with {@code what} otherwise. */
    public static void await(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("timed out after " + PATIENCE.toSeconds() + "s waiting for " + what);
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for " + what, e);
            }
        }
    }

    /** The lines of a file, or none when it does not exist yet. */
    public static List<String> lines(Path file) {
        try {
            return Files.exists(file) ? Files.readAllLines(file, StandardCharsets.UTF_8) : List.of();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
