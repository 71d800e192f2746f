package dev.horizon.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.horizon.testing.Eventually;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * An HTTP/2 connection without an open stream is idle whatever control frames it sends: PINGs do not keep it past
 * {@code timeouts.idle}, and at {@code max-connections} it makes room for a new client as an HTTP/1.1 connection
 * waiting for a request does (GOAWAY, then the close). Raw frames over h2c.
 */
class GatewayHttp2IdleTest {

    private final GatewayTestKit kit = new GatewayTestKit();
    private TestBackend backend;

    @BeforeEach
    void start() {
        backend = kit.backend("shop-1");
    }

    @AfterEach
    void stop() throws Exception {
        kit.close();
    }

    private Gateway gateway(Duration idle, int maxConnections) {
        Timeouts timeouts = new Timeouts(Duration.ofSeconds(2), Duration.ofSeconds(10), idle, Duration.ofSeconds(30),
            Duration.ZERO);
        return kit.gateway(new GatewayConfig(new InetSocketAddress("127.0.0.1", 0), timeouts, List.of(),
            maxConnections, Duration.ofSeconds(1), 1, false, List.of(new Route("all", RouteMatch.ANY, "shop")),
            Map.of("shop", ServiceConfig.of("shop", List.of(new EndpointConfig(backend.address(), 1, "")))))
            .withHttp2(new Http2Config(true, true, 100, 16_384, 65_535, 200, Duration.ofSeconds(30), 10_000)));
    }

    /** A connection that has served one GET and has no open stream. */
    private H2RawClient served(Gateway g) throws Exception {
        H2RawClient c = kit.closeLater(new H2RawClient(g.address().getPort(), 0));
        c.get(1, "/one", true);
        c.flush();
        assertThat(c.status(1)).isEqualTo("200");
        return c;
    }

    private static boolean stillAnswers(H2RawClient c) {
        try {
            return c.answersPing();
        } catch (IOException closed) {
            return false;
        }
    }

    @Test
    void pingsDoNotKeepAConnectionWithoutStreamsOpen() throws Exception {
        Gateway g = gateway(Duration.ofSeconds(1), 10_000);
        H2RawClient c = served(g);

        // a PING every 10 ms, far more often than the idle timeout
        Eventually.await("the idle connection closed despite its PINGs", () -> !stillAnswers(c));
    }

    @Test
    void anIdleConnectionMakesRoomAtTheConnectionLimit() throws Exception {
        Gateway g = gateway(Duration.ofSeconds(60), 2);
        H2RawClient oldest = served(g);
        H2RawClient other = served(g);
        Eventually.await("two connections", () -> g.metricsText().contains("horizon_client_connections 2\n"));

        H2RawClient fresh = served(g);

        H2RawClient.Frame goaway = oldest.until(H2RawClient.GOAWAY);
        assertThat(goaway).isNotNull();
        assertThat(goaway.errorCode()).isZero();
        assertThat(oldest.closedByPeer()).isTrue();
        assertThat(stillAnswers(other)).isTrue();
        assertThat(stillAnswers(fresh)).isTrue();
    }

    @Test
    void aConnectionWithAnOpenStreamIsNotEvicted() throws Exception {
        Gateway g = gateway(Duration.ofSeconds(60), 1);
        backend.handler(s -> TestBackend.Reply.ok("late").held());
        H2RawClient busy = kit.closeLater(new H2RawClient(g.address().getPort(), 0));
        busy.get(1, "/held", true);
        busy.flush();
        Eventually.await("the request held at the endpoint", () -> backend.heldCount() == 1);

        boolean refused;
        try (H2RawClient late = new H2RawClient(g.address().getPort(), 0)) {
            refused = late.closedByPeer();
        } catch (IOException closedAtAccept) {
            refused = true;
        }

        assertThat(refused).as("the new client is closed at accept").isTrue();
        backend.releaseHeld();
        assertThat(busy.status(1)).isEqualTo("200");
    }
}
