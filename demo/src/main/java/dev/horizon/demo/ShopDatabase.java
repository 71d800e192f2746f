package dev.horizon.demo;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.horizon.data.DataNode;
import dev.horizon.data.RoutingDataSource;
import java.time.Duration;
import java.util.List;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/**
 * The shop's connections to its database: one HikariCP pool, or — when replicas are given — Horizon's routing data
 * source, which sends plain SELECTs to a replica that keeps up (read-your-writes through the causal filter) and
 * everything else to the primary.
 */
final class ShopDatabase implements AutoCloseable {

    private final DataSource source;
    private final AutoCloseable closer;
    private final String description;

    private ShopDatabase(DataSource source, AutoCloseable closer, String description) {
        this.source = source;
        this.closer = closer;
        this.description = description;
    }

    static ShopDatabase open(String url, @Nullable String user, @Nullable String password, List<String> replicas,
                             String poolName, int size) {
        if (replicas.isEmpty()) {
            HikariConfig config = new HikariConfig();
            config.setJdbcUrl(url);
            if (user != null) {
                config.setUsername(user);
            }
            if (password != null) {
                config.setPassword(password);
            }
            config.setPoolName(poolName);
            config.setMaximumPoolSize(size);
            config.setConnectionTimeout(2_000);
            config.setInitializationFailTimeout(-1);
            HikariDataSource pool = new HikariDataSource(config);
            return new ShopDatabase(pool, pool, url);
        }
        if (!url.startsWith("jdbc:postgresql:")) {
            throw new IllegalArgumentException("--db-replicas needs a PostgreSQL primary (--db jdbc:postgresql://...),"
                + " not " + url);
        }
        RoutingDataSource.Builder builder = RoutingDataSource.builder(node("primary", url, user, password, size))
            .routePlainSelects(true).maxLag(Duration.ofSeconds(1)).causalWait(Duration.ofMillis(300));
        for (int i = 0; i < replicas.size(); i++) {
            builder.replica(node("replica-" + (i + 1), replicas.get(i).strip(), user, password, size));
        }
        RoutingDataSource routing = builder.build();
        return new ShopDatabase(routing, routing, url + " + " + replicas.size() + " replica(s)");
    }

    private static DataNode node(String name, String url, @Nullable String user, @Nullable String password,
                                 int size) {
        return DataNode.of(name, url).withPoolSize(size)
            .withCredentials(user == null ? "" : user, password == null ? "" : password);
    }

    DataSource source() {
        return source;
    }

    String describe() {
        return description;
    }

    @Override
    public void close() throws Exception {
        closer.close();
    }
}
