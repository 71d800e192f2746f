package dev.horizon.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.horizon.gateway.ServicesView.RevisionCounts;
import dev.horizon.gateway.ServicesView.RevisionSample;
import dev.horizon.testing.Eventually;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@link ServicesView#takeRevisionSamples} and the per-revision status over real sockets: a canary whose endpoints
 * answer 500 is counted exactly, request by request, and each take holds only what ended since the previous one.
 */
class RevisionSamplesTest {

    private final GatewayTestKit kit = new GatewayTestKit();

    @AfterEach
    void stop() throws Exception {
        kit.close();
    }

    /**
     * Waits until the service's revisions have counted {@code requests} in all: a request is counted when its exchange
     * ends, just after the client has its response.
     */
    private static void awaitCounted(Gateway g, long requests) {
        Eventually.await(requests + " requests counted", () -> g.services().list().get(0).revisions().stream()
            .mapToLong(RevisionCounts::requests).sum() == requests);
    }

    private static RevisionSample sample(Map<String, RevisionSample> samples, String revision) {
        return Objects.requireNonNull(samples.get(revision), revision);
    }

    @Test
    void takesCountEveryRequestAndEveryErrorOfEachRevisionExactlyOnce() throws Exception {
        TestBackend broken = kit.closeLater(new TestBackend(seen -> TestBackend.Reply.status(500, "broken")));
        List<EndpointConfig> endpoints = List.of(
            new EndpointConfig(kit.backend("stable-a").address(), 1, "", "1"),
            new EndpointConfig(kit.backend("stable-b").address(), 1, "", "1"),
            new EndpointConfig(broken.address(), 1, "", "2"),
            new EndpointConfig(kit.backend("unlabelled").address(), 1, ""));
        Gateway g = kit.gateway(GatewayRevisionSplitTest.config(
            GatewayRevisionSplitTest.shop(RevisionSplit.of("1", "2", 500), null, endpoints)));
        int errors = 0;
        for (int i = 0; i < 2_000; i++) {
            errors += kit.get(g, "/").statusCode() == 500 ? 1 : 0;
        }
        assertThat(errors).isEqualTo(100);
        awaitCounted(g, 2_000);

        Map<String, RevisionSample> samples = g.services().takeRevisionSamples("shop");
        assertThat(samples).containsOnlyKeys("1", "2");
        assertThat(sample(samples, "1").requests()).isEqualTo(1_900);
        assertThat(sample(samples, "1").errors()).isZero();
        assertThat(sample(samples, "1").latenciesMs()).hasSize(1_900);
        assertThat(Arrays.stream(sample(samples, "1").latenciesMs()).min().orElseThrow()).isPositive();
        assertThat(sample(samples, "2").requests()).isEqualTo(100);
        assertThat(sample(samples, "2").errors()).isEqualTo(100);
        assertThat(sample(samples, "2").errorRate()).isEqualTo(1.0);
        assertThat(sample(samples, "2").latenciesMs()).hasSize(100);

        kit.get(g, "/", RevisionSplit.DEFAULT_PREVIEW_HEADER, "always");
        awaitCounted(g, 2_001);
        Map<String, RevisionSample> next = g.services().takeRevisionSamples("shop");
        assertThat(sample(next, "1").requests()).isZero();
        assertThat(sample(next, "1").latenciesMs()).isEmpty();
        assertThat(sample(next, "2").requests()).isEqualTo(1);
        assertThat(sample(next, "2").errors()).isEqualTo(1);
        assertThat(g.services().takeRevisionSamples("nothing")).isEmpty();

        ServicesView.ServiceStatus status = g.services().list().get(0);
        assertThat(status.split()).isEqualTo(RevisionSplit.of("1", "2", 500));
        assertThat(status.revisions()).containsExactly(new RevisionCounts("1", 1_900, 0, 0),
            new RevisionCounts("2", 101, 101, 0));
        assertThat(status.endpoints()).extracting(ServicesView.EndpointStatus::revision)
            .containsExactly("1", "1", "2", "");
        assertThat(g.metricsText())
            .contains("horizon_revision_requests_total{service=\"shop\",revision=\"1\"} 1900\n")
            .contains("horizon_revision_errors_total{service=\"shop\",revision=\"2\"} 101\n");
    }

    @Test
    void withoutASplitRequestsAreCountedUnderTheRevisionOfTheEndpointThatServedThem() throws Exception {
        List<EndpointConfig> endpoints = List.of(new EndpointConfig(kit.backend("old").address(), 1, "", "4"),
            new EndpointConfig(kit.backend("new").address(), 1, "", "5"),
            new EndpointConfig(kit.backend("plain").address(), 1, ""));
        Gateway g = kit.gateway(GatewayRevisionSplitTest.config(GatewayRevisionSplitTest.shop(null, null,
            endpoints)));
        for (int i = 0; i < 300; i++) {
            kit.get(g, "/");
        }
        awaitCounted(g, 200);
        Map<String, RevisionSample> samples = g.services().takeRevisionSamples("shop");
        assertThat(samples).containsOnlyKeys("4", "5");
        assertThat(sample(samples, "4").requests()).isEqualTo(100);
        assertThat(sample(samples, "5").requests()).isEqualTo(100);
        assertThat(g.services().list().get(0).split()).isNull();
    }
}
