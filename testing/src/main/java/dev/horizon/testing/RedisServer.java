package dev.horizon.testing;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A throw-away {@code redis-server} on a free loopback port, keeping nothing on disk. */
public final class RedisServer implements AutoCloseable {

    private final Process process;
    private final int port;

    public RedisServer(Path dir, String... extraArgs) throws IOException, InterruptedException {
        this.port = freePort();
        List<String> argv = new ArrayList<>(List.of("redis-server", "--port", Integer.toString(port), "--bind",
            "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", dir.toString()));
        argv.addAll(List.of(extraArgs));
        this.process = new ProcessBuilder(argv).redirectErrorStream(true)
            .redirectOutput(Files.createTempFile(dir, "redis", ".log").toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            try (Socket s = new Socket("127.0.0.1", port)) {
                return;
            } catch (IOException notYet) {
                Thread.sleep(20);
            }
        }
        process.destroyForcibly();
        throw new IOException("redis-server did not start on port " + port);
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
        process.destroy();
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }
}
