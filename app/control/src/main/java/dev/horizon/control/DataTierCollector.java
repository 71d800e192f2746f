package dev.horizon.control;

import dev.horizon.autoscale.Phase;
import dev.horizon.fleet.FleetStatus;
import dev.horizon.fleet.InstanceStatus;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;

/**
 * Reads a managed service's data tier from its running instances' {@code /metrics} ({@link InstanceDataReport}),
 * every {@link #EVERY_SECONDS} seconds while they publish one and every {@link #IDLE_SECONDS} while they do not, and
 * keeps the latest sum ({@link DataTier}). Scrapes run in parallel and never block the caller; a scrape still under
 * way when the next is due makes the next wait.
 */
final class DataTierCollector {

    /** Seconds between reads while the instances publish a data tier. */
    static final int EVERY_SECONDS = 2;
    /** Seconds between reads while they do not (an application without the data tier's metrics). */
    static final int IDLE_SECONDS = 10;

    private final MetricsScrape scrape = new MetricsScrape();
    private final AtomicBoolean busy = new AtomicBoolean();
    private volatile DataTier latest = DataTier.NONE;
    private Map<String, InstanceDataReport> previous = Map.of();
    private long previousMillis;
    private volatile long nextSecond;

    /** Starts a read of the running instances of {@code fleet} when one is due at {@code epochSecond}. */
    void sample(long epochSecond, FleetStatus fleet) {
        if (epochSecond < nextSecond || !busy.compareAndSet(false, true)) {
            return;
        }
        Map<String, CompletableFuture<@Nullable String>> scrapes = new HashMap<>();
        for (InstanceStatus i : fleet.instances()) {
            String address = i.address();
            if (address != null && MetricCollector.phase(i) == Phase.RUNNING) {
                scrapes.put(i.id(), scrape.text(address));
            }
        }
        CompletableFuture.allOf(scrapes.values().toArray(CompletableFuture[]::new)).whenComplete((done, e) -> {
            try {
                Map<String, InstanceDataReport> reports = new HashMap<>();
                scrapes.forEach((id, f) -> {
                    String text = f.getNow(null);
                    reports.put(id, text == null ? InstanceDataReport.NONE : InstanceDataReport.parse(text));
                });
                record(epochSecond, reports);
            } finally {
                busy.set(false);
            }
        });
    }

    private synchronized void record(long epochSecond, Map<String, InstanceDataReport> reports) {
        long now = epochSecond * 1000;
        DataTier tier = DataTier.of(now, reports, previous, previousMillis == 0 ? 0 : (now - previousMillis) / 1e3);
        previous = Map.copyOf(reports);
        previousMillis = now;
        latest = tier;
        nextSecond = epochSecond + (tier.empty() ? IDLE_SECONDS : EVERY_SECONDS);
    }

    /** The latest sum; {@link DataTier#NONE} before the first read or while no instance publishes one. */
    DataTier latest() {
        return latest;
    }
}
