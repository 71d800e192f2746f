package dev.horizon.control;

import dev.horizon.autoscale.Phase;
import dev.horizon.fleet.FleetStatus;
import dev.horizon.fleet.InstanceStatus;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * Reads an instance's {@code GET /metrics} (Prometheus text) without blocking; one that does not answer gives null.
 *
 * <p>{@code HttpRequest.timeout} bounds only the wait for the response's head (JDK-8208693): a body that stalls
 * after it would leave the future pending for good, so every read is also completed with null a little after
 * {@link #TIMEOUT}.
 */
final class MetricsScrape {

    /** How long a scrape may take: well within a control period of a second. */
    static final Duration TIMEOUT = Duration.ofMillis(800);

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(TIMEOUT).build();

    /**
     * A read of every running instance of {@code fleet} (the HPA's running phase: warming and in service), by
     * instance id, all under way at once.
     */
    Map<String, CompletableFuture<@Nullable String>> running(FleetStatus fleet) {
        Map<String, CompletableFuture<@Nullable String>> reads = new TreeMap<>();
        for (InstanceStatus i : fleet.instances()) {
            String address = i.address();
            if (address != null && MetricCollector.phase(i) == Phase.RUNNING) {
                reads.put(i.id(), text(address));
            }
        }
        return reads;
    }

    /** The text of {@code http://ADDRESS/metrics}, or null when it does not answer 200 within {@link #TIMEOUT}. */
    CompletableFuture<@Nullable String> text(String address) {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://" + address + "/metrics"))
            .timeout(TIMEOUT).GET().build();
        return http.sendAsync(request, HttpResponse.BodyHandlers.ofString())
            .<@Nullable String>thenApply(r -> r.statusCode() == 200 ? r.body() : null)
            .exceptionally(e -> null)
            .completeOnTimeout(null, TIMEOUT.toMillis() + 200, TimeUnit.MILLISECONDS);
    }
}
