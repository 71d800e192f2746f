package dev.horizon.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.horizon.testing.RedisCluster;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Redis store on a real three-master Redis Cluster: the contract, and a user whose sessions span masters. */
final class RedisClusterSessionStoreTest extends SessionStoreContract {

    @TempDir
    static Path dir;

    private static RedisCluster cluster;

    @BeforeAll
    static void startCluster() throws Exception {
        cluster = new RedisCluster(dir);
    }

    @AfterAll
    static void stopCluster() throws Exception {
        cluster.close();
    }

    @Override
    protected SessionStore newStore(SessionTimeouts timeouts) {
        return SessionStore.redisCluster(cluster.uris(), timeouts);
    }

    /** The node that holds {@code key}, by index. */
    private static int owner(String key) throws Exception {
        for (int i = 0; i < cluster.nodes().size(); i++) {
            if (cluster.nodes().get(i).cli("EXISTS", key).equals("1")) {
                return i;
            }
        }
        return -1;
    }

    @Test
    void invalidatingAUserReachesSessionsOnEveryMaster() throws Exception {
        try (SessionStore store = newStore(SessionTimeouts.DEFAULT)) {
            List<String> tokens = new ArrayList<>();
            Set<Integer> masters = new HashSet<>();
            for (int i = 0; i < 100 && masters.size() < 3; i++) {
                Session s = store.create();
                s.setUser("grace");
                s.setAttribute("n", Integer.toString(i));
                String token = store.save(s).orElseThrow();
                tokens.add(token);
                masters.add(owner(RedisSessionStore.key(token)));
            }
            assertThat(masters).as("masters holding grace's sessions").containsExactlyInAnyOrder(0, 1, 2);
            Session other = store.create();
            other.setUser("heidi");
            String heidi = store.save(other).orElseThrow();

            store.invalidateUser("grace");

            for (String token : tokens) {
                assertThat(store.load(token)).isEmpty();
            }
            assertThat(store.load(heidi)).isPresent();
            assertThat(owner(RedisSessionStore.userKey("grace"))).as("index emptied, so gone").isEqualTo(-1);
        }
    }
}
