package dev.horizon.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A weight set through {@link ServicesView#setWeight} lasts until {@link ServicesView#resetWeights}: a reload that
 * keeps the endpoint (an instance joining, an unchanged file) keeps it too, and the reset puts the configured weight
 * back, including a weight the new configuration changed.
 */
class OperatorWeightsTest {

    private static final InetSocketAddress ANY_PORT = new InetSocketAddress("127.0.0.1", 0);

    private static final EndpointConfig A = new EndpointConfig("127.0.0.1:1", 3, "");
    private static final EndpointConfig B = new EndpointConfig("127.0.0.1:2", 1, "");

    private Gateway gateway;

    @BeforeEach
    void start() {
        gateway = Gateway.start(config(A, B));
    }

    @AfterEach
    void stop() {
        gateway.shutdown(Duration.ZERO);
    }

    private static GatewayConfig config(EndpointConfig... endpoints) {
        return GatewayConfig.of(ANY_PORT, List.of(new Route("all", RouteMatch.ANY, "shop")),
            List.of(ServiceConfig.of("shop", List.of(endpoints))));
    }

    private List<Integer> weights() {
        return gateway.services().list().get(0).endpoints().stream().map(ServicesView.EndpointStatus::weight).toList();
    }

    @Test
    void anOperatorWeightSurvivesReloadsUntilTheWeightsAreReset() {
        assertThat(gateway.services().setWeight("shop", "127.0.0.1:2", 7)).isTrue();
        assertThat(weights()).containsExactly(3, 7);

        gateway.reload(config(A, B, new EndpointConfig("127.0.0.1:3", 1, "")));
        assertThat(weights()).as("an endpoint joining keeps the operator's weight").containsExactly(3, 7, 1);
        gateway.reload(gateway.config());
        assertThat(weights()).as("an unchanged configuration keeps it").containsExactly(3, 7, 1);

        gateway.services().resetWeights();
        assertThat(weights()).containsExactly(3, 1, 1);

        assertThat(gateway.services().setWeight("shop", "127.0.0.1:1", 9)).isTrue();
        gateway.reload(config(new EndpointConfig("127.0.0.1:1", 5, ""), B));
        assertThat(weights()).containsExactly(9, 1);
        gateway.services().resetWeights();
        assertThat(weights()).as("the reloaded file's weight").containsExactly(5, 1);
    }
}
