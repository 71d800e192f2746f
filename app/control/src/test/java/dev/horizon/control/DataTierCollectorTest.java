package dev.horizon.control;

import static org.assertj.core.api.Assertions.assertThat;

import dev.horizon.fleet.FleetStatus;
import dev.horizon.fleet.InstanceState;
import dev.horizon.fleet.InstanceStatus;
import dev.horizon.sizing.Resources;
import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Reads of instances' data tier over real loopback sockets: the cadence, and a body that never comes. */
class DataTierCollectorTest {

    private static final String DATA = """
        horizon_data_replica_state{replica="replica-1",state="up"} 1
        horizon_cache_requests_total{cache="c",result="local_hit"} 9
        horizon_cache_requests_total{cache="c",result="miss"} 1
        """;

    private final MetricsEndpoints endpoints = new MetricsEndpoints();
    private final DataTierCollector collector = new DataTierCollector();

    @AfterEach
    void stop() {
        endpoints.close();
    }

    private static FleetStatus fleet(String... addresses) {
        List<InstanceStatus> instances = new java.util.ArrayList<>();
        for (int i = 0; i < addresses.length; i++) {
            instances.add(new InstanceStatus("shop-" + (i + 1), InstanceState.IN_SERVICE, addresses[i],
                Duration.ofSeconds(30), Duration.ofSeconds(10), null, 0, OptionalLong.empty(), "",
                Resources.UNLIMITED, OptionalLong.empty()));
        }
        return new FleetStatus("shop", addresses.length, addresses.length, 0, 0, 0, 0, null, null, instances,
            Resources.UNLIMITED, null);
    }

    private static void finish(@org.jspecify.annotations.Nullable CompletableFuture<Void> read) throws Exception {
        assertThat(read).as("a read started").isNotNull();
        java.util.Objects.requireNonNull(read).get(5, TimeUnit.SECONDS);
    }

    @Test
    void aBodyThatNeverComesEndsTheReadWithoutThatInstanceAndTheNextReadIsDueTwoSecondsLater() throws Exception {
        FleetStatus fleet = fleet(endpoints.answering(DATA), endpoints.stalling());

        finish(collector.sample(100, fleet));

        DataTier tier = collector.latest();
        assertThat(tier.instances()).isEqualTo(1);
        assertThat(tier.at()).isEqualTo(100_000);
        assertThat(tier.replicas()).containsExactly(new DataTier.Replica("replica-1", "up", 1, 1, null, -1, ""));
        assertThat(tier.caches()).containsExactly(new DataTier.Cache("c", null, 0.9, 0, 0));
        assertThat(collector.sample(101, fleet)).as("not due yet").isNull();
        finish(collector.sample(102, fleet));
        assertThat(collector.latest().at()).isEqualTo(102_000);
    }

    @Test
    void instancesWithoutADataTierAreReadEveryTenSeconds() throws Exception {
        FleetStatus fleet = fleet(endpoints.answering("demo_inflight_requests 0\n"));

        finish(collector.sample(100, fleet));

        assertThat(collector.latest().empty()).isTrue();
        assertThat(collector.sample(109, fleet)).isNull();
        finish(collector.sample(110, fleet));
    }
}
