package dev.horizon.data.shard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.horizon.data.Replication;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/** A transaction handed to several threads still has one connection per shard. */
final class ShardedTransactionTest {

    @Test
    void twoThreadsAskingForTheSameShardGetTheSameConnection() throws Exception {
        DataSource real = Replication.get().database("sharded_tx");
        CountDownLatch inside = new CountDownLatch(2);
        AtomicInteger opened = new AtomicInteger();
        // Each getConnection waits (up to 2 s) for a second caller to be inside too: without the transaction's lock,
        // both askers get here before either records its connection.
        DataSource gated = (DataSource) Proxy.newProxyInstance(DataSource.class.getClassLoader(),
            new Class<?>[] {DataSource.class}, (proxy, method, args) -> {
                if (method.getName().equals("getConnection")) {
                    opened.incrementAndGet();
                    inside.countDown();
                    inside.await(2, TimeUnit.SECONDS);
                }
                try {
                    return method.invoke(real, args);
                } catch (InvocationTargetException e) {
                    throw e.getCause();
                }
            });
        ShardRouter router = ShardRouter.of(ShardStrategy.hashMod(1), List.of(gated));
        ExecutorService two = Executors.newFixedThreadPool(2);
        try (ShardedTransaction tx = router.begin()) {
            Future<Connection> a = two.submit(() -> tx.connection(7L));
            Future<Connection> b = two.submit(() -> tx.connection(7L));
            assertThat(a.get()).isSameAs(b.get());
            assertThat(opened).hasValue(1);
            assertThat(tx.shards()).containsExactly(0);
        } finally {
            two.shutdown();
        }
    }
}
