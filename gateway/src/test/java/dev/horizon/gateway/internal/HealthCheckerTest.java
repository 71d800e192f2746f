package dev.horizon.gateway.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.horizon.balance.Algorithm;
import dev.horizon.balance.HealthCheck;
import dev.horizon.balance.OutlierDetection;
import dev.horizon.balance.Pool;
import dev.horizon.balance.SlowStart;
import dev.horizon.gateway.EndpointConfig;
import dev.horizon.gateway.Gateway;
import dev.horizon.gateway.GatewayConfig;
import dev.horizon.gateway.HashOn;
import dev.horizon.gateway.HealthProbe;
import dev.horizon.gateway.RetryPolicy;
import dev.horizon.gateway.Route;
import dev.horizon.gateway.RouteMatch;
import dev.horizon.gateway.ServiceConfig;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The health checker when the gateway stops: a reload that arrives while or after the event loops shut down (a fleet
 * removing its instances as everything stops) schedules nothing and throws nothing. Before, it threw
 * {@code RejectedExecutionException: event executor terminated} into the reloading thread.
 */
class HealthCheckerTest {

    private static final HealthProbe PROBE = new HealthProbe("/health",
        new HealthCheck(Duration.ofMillis(100), Duration.ofMillis(200), 2, 3), 200, 399);

    private static GatewayConfig config(String... addresses) {
        List<EndpointConfig> endpoints = new ArrayList<>();
        for (String a : addresses) {
            endpoints.add(new EndpointConfig(a, 1, ""));
        }
        ServiceConfig shop = new ServiceConfig("shop", Algorithm.ROUND_ROBIN, HashOn.CLIENT_IP, 0, null, PROBE,
            OutlierDetection.DEFAULTS, RetryPolicy.DEFAULTS, SlowStart.NONE, Pool.DEFAULT_PANIC_THRESHOLD_PERCENT,
            endpoints);
        return GatewayConfig.of(new InetSocketAddress("127.0.0.1", 0), List.of(new Route("all", RouteMatch.ANY,
            "shop")), List.of(shop));
    }

    private static EventLoopGroup terminatedGroup() throws InterruptedException {
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        group.shutdownGracefully(0, 0, TimeUnit.SECONDS);
        assertThat(group.awaitTermination(5, TimeUnit.SECONDS)).isTrue();
        return group;
    }

    @Test
    void startAfterStopOnTerminatedLoopsSchedulesNothing() throws Exception {
        Snapshot snapshot = Snapshot.build(config("127.0.0.1:1"), null, System::nanoTime);
        HealthChecker checker = new HealthChecker(terminatedGroup(), NioSocketChannel.class, () -> snapshot);
        checker.stop();

        assertThatCode(checker::start).doesNotThrowAnyException();
    }

    @Test
    void startRacingTheLoopsTerminationIsDroppedQuietly() throws Exception {
        // The checker was not told to stop yet: the loops terminated between a reload's check and its schedule.
        Snapshot snapshot = Snapshot.build(config("127.0.0.1:1", "127.0.0.1:2"), null, System::nanoTime);
        HealthChecker checker = new HealthChecker(terminatedGroup(), NioSocketChannel.class, () -> snapshot);

        assertThatCode(checker::start).doesNotThrowAnyException();
    }

    @Test
    void reloadAfterShutdownWithHealthChecksIsQuiet() {
        Gateway gateway = Gateway.start(config("127.0.0.1:1"));
        assertThat(gateway.shutdown(Duration.ZERO)).isTrue();

        assertThatCode(() -> gateway.reload(config("127.0.0.1:1", "127.0.0.1:2"))).doesNotThrowAnyException();
        ServiceConfig shop = gateway.config().services().get("shop");
        assertThat(shop).isNotNull();
        assertThat(shop.endpoints()).extracting(EndpointConfig::address).containsExactly("127.0.0.1:1", "127.0.0.1:2");
    }
}
