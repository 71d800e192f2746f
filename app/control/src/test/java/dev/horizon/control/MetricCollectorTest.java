package dev.horizon.control;

import static org.assertj.core.api.Assertions.assertThat;

import dev.horizon.autoscale.InstanceSample;
import dev.horizon.autoscale.MetricReading;
import dev.horizon.autoscale.Phase;
import dev.horizon.fleet.FleetStatus;
import dev.horizon.fleet.InstanceState;
import dev.horizon.fleet.InstanceStatus;
import dev.horizon.testing.Eventually;
import dev.horizon.gateway.Gateway;
import dev.horizon.gateway.GatewayConfig;
import dev.horizon.gateway.Route;
import dev.horizon.gateway.RouteMatch;
import dev.horizon.gateway.ServiceConfig;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.io.PrintWriter;
import java.io.StringWriter;
import dev.horizon.autoscale.LoadHistory;
import dev.horizon.autoscale.PredictivePolicy;
import dev.horizon.config.AutoscaleConfig;
import dev.horizon.fleet.Fleet;
import dev.horizon.fleet.FleetSpec;
import dev.horizon.gateway.EndpointConfig;
import org.junit.jupiter.api.io.TempDir;
import dev.horizon.sizing.Resources;
import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The autoscaler's readings of a service, from instances that really answer {@code /metrics}. */
class MetricCollectorTest {

    private final MetricsEndpoints endpoints = new MetricsEndpoints();
    private Gateway gateway;
    private MetricCollector collector;

    @BeforeEach
    void start() {
        gateway = Gateway.start(GatewayConfig.of(new InetSocketAddress("127.0.0.1", 0),
            List.of(new Route("all", RouteMatch.ANY, "work")), List.of(ServiceConfig.of("work", List.of()))));
        GatewayMembership membership = new GatewayMembership("work", gateway, new GatewayTopology(gateway));
        collector = new MetricCollector("work", gateway, membership);
    }

    @AfterEach
    void stop() {
        endpoints.close();
        gateway.shutdown(Duration.ZERO);
    }

    /** An instance's {@code /metrics} answering {@code body}; returns its address. */
    private String metrics(String body) throws IOException {
        return endpoints.answering(body);
    }

    private static InstanceStatus instance(String id, InstanceState state, String address, long cpu) {
        return new InstanceStatus(id, state, address, Duration.ofSeconds(30), Duration.ofSeconds(10), null, 0,
            cpu < 0 ? OptionalLong.empty() : OptionalLong.of(cpu), "", Resources.UNLIMITED, OptionalLong.empty());
    }

    private static FleetStatus fleet(InstanceStatus... instances) {
        return new FleetStatus("work", instances.length, 0, 0, 0, 0, 0, null, null, List.of(instances),
            Resources.UNLIMITED, null);
    }

    @Test
    void scrapesEveryRunningInstanceAndMapsFleetStatesToPhases() throws IOException {
        FleetStatus fleet = fleet(
            instance("work-1", InstanceState.IN_SERVICE, metrics("jobs{q=\"a\"} 1\njobs{q=\"b\"} 2\n"), -1),
            instance("work-2", InstanceState.IN_SERVICE, metrics("jobs 5\n"), -1),
            instance("work-3", InstanceState.WARMING, metrics("jobs 7\n"), -1),
            instance("work-4", InstanceState.IN_SERVICE, "127.0.0.1:1", -1),
            instance("work-5", InstanceState.STARTING, metrics("jobs 100\n"), -1),
            instance("work-6", InstanceState.DRAINING, metrics("jobs 100\n"), -1),
            instance("work-7", InstanceState.FAILED, metrics("jobs 100\n"), -1),
            instance("work-8", InstanceState.STOPPED, metrics("jobs 100\n"), -1));

        MetricReading reading = collector.prometheus(fleet, "jobs");

        assertThat(reading).isEqualTo(new MetricReading.PerInstance(List.of(
            new InstanceSample("work-1", Phase.RUNNING, true, false, 3.0, 0),
            new InstanceSample("work-2", Phase.RUNNING, true, false, 5.0, 0),
            new InstanceSample("work-3", Phase.RUNNING, true, true, 7.0, 0),
            new InstanceSample("work-4", Phase.RUNNING, true, false, null, 0),
            new InstanceSample("work-5", Phase.PENDING, false, false, null, 0),
            new InstanceSample("work-6", Phase.TERMINATING, false, false, null, 0),
            new InstanceSample("work-7", Phase.FAILED, false, false, null, 0))));
        assertThat(MetricCollector.total(reading)).isEqualTo(new MetricReading.Single(15.0));
    }

    @Test
    void cpuIsUsageAgainstTheRequestAndUnknownUsageIsMissing() {
        FleetStatus fleet = fleet(instance("work-1", InstanceState.IN_SERVICE, "127.0.0.1:1", 250),
            instance("work-2", InstanceState.IN_SERVICE, "127.0.0.1:2", -1));

        assertThat(collector.cpu(fleet, 500)).isEqualTo(new MetricReading.PerInstance(List.of(
            new InstanceSample("work-1", Phase.RUNNING, true, false, 250.0, 500),
            new InstanceSample("work-2", Phase.RUNNING, true, false, null, 500))));
    }

    /** Under a vertical strategy each instance's CPU is read against its own limit, which the autoscaler changes. */
    @Test
    void cpuOfSizeIsUsageAgainstEachInstancesOwnLimit() {
        InstanceStatus small = withSize(instance("work-1", InstanceState.IN_SERVICE, "127.0.0.1:1", 200), "250m");
        InstanceStatus grown = withSize(instance("work-2", InstanceState.IN_SERVICE, "127.0.0.1:2", 300), "1000m");
        InstanceStatus unlimited = instance("work-3", InstanceState.IN_SERVICE, "127.0.0.1:3", 400);

        assertThat(collector.cpuOfSize(fleet(small, grown, unlimited))).isEqualTo(new MetricReading.PerInstance(
            List.of(new InstanceSample("work-1", Phase.RUNNING, true, false, 200.0, 250),
                new InstanceSample("work-2", Phase.RUNNING, true, false, 300.0, 1000),
                new InstanceSample("work-3", Phase.RUNNING, true, false, null, 0))));
    }

    private static InstanceStatus withSize(InstanceStatus i, String cpu) {
        return new InstanceStatus(i.id(), i.state(), i.address(), i.age(), i.timeInState(), i.exit(), i.inFlight(),
            i.cpuMillicores(), i.detail(), new Resources(dev.horizon.sizing.Cpu.parse(cpu), null), i.memoryBytes());
    }

    @Test
    void gatewayReadings() {
        FleetStatus fleet = fleet(instance("work-1", InstanceState.IN_SERVICE, "127.0.0.1:1", -1));

        assertThat(collector.inFlight(fleet)).as("an instance that has not joined is missing").isEqualTo(
            new MetricReading.PerInstance(List.of(new InstanceSample("work-1", Phase.RUNNING, true, false, null, 0))));
        assertThat(collector.latencyP95()).isEqualTo(new MetricReading.Single(0));
        assertThat(MetricCollector.total(new MetricReading.PerInstance(List.of())))
            .isEqualTo(new MetricReading.Failed("no instance reported the metric"));
    }

    /**
     * The gateway's request rate for the whole service, read by the feed {@code predictive: { metric: rps }} asks
     * for, reaches the autoscaler: it is what the autoscale loop records into the load history it keeps on disk.
     */
    @Test
    void theServicesRequestRateReachesTheAutoscalersLoadHistory(@TempDir Path stateDir) throws Exception {
        String backend = metrics("ok\n");
        gateway.reload(gateway.config().withRoutesAndServices(List.of(new Route("all", RouteMatch.ANY, "work")),
            Map.of("work", ServiceConfig.of("work", List.of(new EndpointConfig(backend, 1, ""))))));
        HttpClient client = HttpClient.newHttpClient();
        URI uri = URI.create("http://127.0.0.1:" + gateway.address().getPort() + "/");
        for (int i = 0; i < 20; i++) {
            assertThat(client.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString())
                .statusCode()).isEqualTo(200);
        }

        // the gateway counts a request once its response is written, which may be just after the client has read it;
        // its window records an exchange before the counter does
        Eventually.await("20 requests counted", () -> answered(gateway.metricsText()) == 20);
        assertThat(rate(collector.serviceRps())).as("20 requests over the time the window covers, 9 to 10 s")
            .isBetween(2.0, 20 / 9.0);

        AutoscaleConfig config = AutoscaleLoopTest.forecastOnly();
        LoadHistoryFile file = LoadHistoryFile.in(stateDir, "work");
        SteppingClock clock = new SteppingClock(Instant.parse("2030-01-07T00:00:00Z"), 0);
        try (Fleet fleet = Fleet.start(FleetSpec.builder("work", List.of("true")).instances(0, 2).build(),
            new LaunchesNothing(), new NoMembership())) {
            AutoscaleLoop loop = new AutoscaleLoop("work", config, ScaleTarget.of(fleet),
                ManagedServices.feeds(config, collector, 1000), clock, new PrintWriter(new StringWriter()), file);
            AutoscaleLoopTest.awaitReads(clock, 3);
            loop.close();
        }

        LoadHistory recorded = java.util.Objects.requireNonNull(file.read(PredictivePolicy.DEFAULT_HISTORY));
        assertThat(recorded.minutes()).isEqualTo(clock.reads());
        assertThat(recorded.toText().lines().skip(1)).hasSize((int) clock.reads()).allSatisfy(line -> {
            String[] fields = line.split(",");
            assertThat(fields[fields.length - 1]).as(line).isEqualTo("1");
            assertThat(Double.parseDouble(fields[fields.length - 2])).as(line).isBetween(2.0, 20 / 9.0);
        });
    }

    private static double rate(MetricReading reading) {
        assertThat(reading).isInstanceOf(MetricReading.Single.class);
        return ((MetricReading.Single) reading).value();
    }

    /** The requests the gateway's metrics count for service {@code work}, every route and code. */
    private static long answered(String metrics) {
        return metrics.lines().filter(l -> l.startsWith("horizon_requests_total{service=\"work\""))
            .mapToLong(l -> (long) Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }
}
