package dev.horizon.testing;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A throw-away {@code redis-server} on a free loopback port, keeping nothing on disk. {@link #stop()} and
 * {@link #start()} make an outage: the server comes back empty, on the same port.
 */
public final class RedisServer implements AutoCloseable {

    private final int port;
    private final Path dir;
    private final List<String> argv;
    private Process process;

    public RedisServer(Path dir, String... extraArgs) throws IOException, InterruptedException {
        this.port = freePort();
        this.dir = dir;
        List<String> command = new ArrayList<>(List.of("redis-server", "--port", Integer.toString(port), "--bind",
            "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", dir.toString()));
        command.addAll(List.of(extraArgs));
        this.argv = List.copyOf(command);
        this.process = launch();
    }

    private Process launch() throws IOException, InterruptedException {
        Process p = new ProcessBuilder(argv).redirectErrorStream(true)
            .redirectOutput(Files.createTempFile(dir, "redis", ".log").toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            try (Socket s = new Socket("127.0.0.1", port)) {
                return p;
            } catch (IOException notYet) {
                Thread.sleep(20);
            }
        }
        p.destroyForcibly();
        throw new IOException("redis-server did not start on port " + port);
    }

    /** Stops the server (clients see their connections close); {@link #start()} brings it back, empty. */
    public void stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }

    /** Starts the server again after {@link #stop()}, on the same port. */
    public void start() throws IOException, InterruptedException {
        process = launch();
    }

    public int port() {
        return port;
    }

    /** Runs a command with {@code redis-cli} and returns its output. */
    public String cli(String... args) throws IOException, InterruptedException {
        List<String> argv = new ArrayList<>(List.of("redis-cli", "-p", Integer.toString(port)));
        argv.addAll(List.of(args));
        Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes()).strip();
        p.waitFor(10, TimeUnit.SECONDS);
        return out;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }
}
