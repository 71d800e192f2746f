package dev.horizon.data.shard;

import dev.horizon.data.Replication;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Writers on the accounts of a {@link ShardFleet} through routers, one thread per router: 40% inserts of new
 * accounts, 50% balance updates, 10% deletes, each writer on its own accounts, and the expected content kept beside.
 * A write refused for a stale topology is retried, as an application would (the router has reloaded).
 */
final class WriteLoad implements AutoCloseable {

    private final ConcurrentMap<Long, Long> expected = new ConcurrentHashMap<>();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicLong nextId;
    private final AtomicLong writes = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();
    private final List<Throwable> failures = new CopyOnWriteArrayList<>();
    private final ExecutorService threads;
    private final List<Future<?>> done = new ArrayList<>();

    /** Starts one writer per router over accounts {@code 1..rows} (balance 100), writer {@code w} on ids w+1 mod 3. */
    WriteLoad(List<ShardRouter> routers, long rows) {
        for (long id = 1; id <= rows; id++) {
            expected.put(id, 100L);
        }
        nextId = new AtomicLong(rows + 1);
        threads = Executors.newFixedThreadPool(routers.size());
        for (int w = 0; w < routers.size(); w++) {
            ShardRouter router = routers.get(w);
            int seed = w;
            done.add(threads.submit(() -> run(router, seed, rows)));
        }
    }

    private void run(ShardRouter router, int seed, long rows) {
        SplittableRandom random = new SplittableRandom(seed);
        while (running.get()) {
            int op = random.nextInt(10);
            long id = op < 4 ? nextId.getAndIncrement() : 1 + random.nextLong(rows / 3) * 3 + seed % 3;
            long balance = op < 4 ? 7 : op < 9 ? random.nextLong(1_000_000) : 0;
            try {
                write(router, id, balance, op == 9);
                if (op == 9) {
                    expected.remove(id);
                } else {
                    expected.put(id, balance);
                }
                writes.incrementAndGet();
            } catch (SQLException | RuntimeException e) {
                failures.add(e);
            }
        }
    }

    private void write(ShardRouter router, long id, long balance, boolean delete) throws SQLException {
        for (int attempt = 1; ; attempt++) {
            try {
                ShardFleet.write(router, id, balance, delete);
                return;
            } catch (StaleTopologyException e) {
                refused.incrementAndGet();
                if (attempt == 3) {
                    throw e;
                }
            }
        }
    }

    /** Waits until {@code n} more writes succeeded. */
    void awaitMore(long n) throws InterruptedException {
        long target = writes.get() + n;
        Replication.await(Duration.ofSeconds(20), n + " more writes", () -> writes.get() >= target);
    }

    /** Writes refused for a stale topology (and retried). */
    long refused() {
        return refused.get();
    }

    /** What went wrong (nothing, in a passing test). */
    List<Throwable> failures() {
        return List.copyOf(failures);
    }

    /** Every account the writers left, by id, with its balance. */
    Map<Long, Long> expected() {
        return new TreeMap<>(expected);
    }

    /** Stops the writers and waits for them. */
    @Override
    public void close() throws Exception {
        running.set(false);
        for (Future<?> f : done) {
            f.get();
        }
        threads.shutdown();
    }
}
