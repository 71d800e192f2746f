package dev.horizon.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A throw-away Redis Cluster of three masters (no replicas) on free loopback ports, made with redis-cli. */
public final class RedisCluster implements AutoCloseable {

    private final List<RedisServer> nodes = new ArrayList<>();

    public RedisCluster(Path dir) throws IOException, InterruptedException {
        try {
            for (int i = 0; i < 3; i++) {
                Path nodeDir = Files.createDirectories(dir.resolve("node-" + i));
                nodes.add(new RedisServer(nodeDir, "--cluster-enabled", "yes", "--cluster-config-file",
                    nodeDir.resolve("nodes.conf").toString(), "--cluster-node-timeout", "2000"));
            }
            List<String> create = new ArrayList<>(List.of("redis-cli", "--cluster", "create"));
            for (RedisServer n : nodes) {
                create.add("127.0.0.1:" + n.port());
            }
            create.addAll(List.of("--cluster-replicas", "0", "--cluster-yes"));
            Process p = new ProcessBuilder(create).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IOException("redis-cli --cluster create failed: " + out);
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            for (RedisServer n : nodes) {
                while (!n.cli("CLUSTER", "INFO").contains("cluster_state:ok")) {
                    if (System.nanoTime() > deadline) {
                        throw new IOException("cluster did not reach state ok: " + n.cli("CLUSTER", "INFO"));
                    }
                    Thread.sleep(100);
                }
            }
        } catch (IOException | InterruptedException | RuntimeException e) {
            close();
            throw e;
        }
    }

    /** One {@code redis://} URI per node. */
    public List<String> uris() {
        return nodes.stream().map(n -> "redis://127.0.0.1:" + n.port()).toList();
    }

    /** The nodes, to ask where keys live. */
    public List<RedisServer> nodes() {
        return nodes;
    }

    @Override
    public void close() throws InterruptedException {
        for (RedisServer n : nodes) {
            n.close();
        }
    }
}
