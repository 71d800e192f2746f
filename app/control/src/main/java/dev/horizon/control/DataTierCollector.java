package dev.horizon.control;

import dev.horizon.fleet.FleetStatus;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;

/**
 * Reads a managed service's data tier from its running instances' {@code /metrics} ({@link InstanceDataReport}),
 * every {@link #EVERY_SECONDS} seconds while they publish one and every {@link #IDLE_SECONDS} while they do not, and
 * keeps the latest sum ({@link DataTier}). Scrapes run in parallel and never block the caller; each ends within
 * {@link MetricsScrape#TIMEOUT} and a bit, and a read still under way when the next is due makes the next wait. Each
 * instance's counters are timed when its answer arrives, so a rate is its growth over the time between two of its
 * own answers.
 */
final class DataTierCollector {

    /** Seconds between reads while the instances publish a data tier. */
    static final int EVERY_SECONDS = 2;
    /** Seconds between reads while they do not (an application without the data tier's metrics). */
    static final int IDLE_SECONDS = 10;

    /** One instance's report and when it arrived ({@link System#nanoTime()} scale). */
    private record Timed(InstanceDataReport report, long nanos) {}

    private final MetricsScrape scrape;
    private final LongSupplier nanoTime;
    private final AtomicBoolean busy = new AtomicBoolean();
    private volatile DataTier latest = DataTier.NONE;
    private volatile long nextSecond;
    private Map<String, Timed> previous = Map.of();

    DataTierCollector() {
        this(new MetricsScrape(), System::nanoTime);
    }

    DataTierCollector(MetricsScrape scrape, LongSupplier nanoTime) {
        this.scrape = scrape;
        this.nanoTime = nanoTime;
    }

    /**
     * Starts a read of the running instances of {@code fleet} when one is due at {@code epochSecond}.
     *
     * @return the read started, or null when none was due (or one is still under way)
     */
    @Nullable CompletableFuture<Void> sample(long epochSecond, FleetStatus fleet) {
        if (epochSecond < nextSecond || !busy.compareAndSet(false, true)) {
            return null;
        }
        try {
            Map<String, CompletableFuture<Timed>> reads = new TreeMap<>();
            scrape.running(fleet).forEach((id, read) -> reads.put(id, read.thenApply(text -> new Timed(text == null
                ? InstanceDataReport.NONE : InstanceDataReport.parse(text), nanoTime.getAsLong()))));
            return CompletableFuture.allOf(reads.values().toArray(CompletableFuture[]::new)).handle((done, e) -> {
                try {
                    Map<String, Timed> now = new TreeMap<>();
                    reads.forEach((id, f) -> now.put(id, f.getNow(new Timed(InstanceDataReport.NONE, 0))));
                    record(epochSecond, now);
                } finally {
                    busy.set(false);
                }
                return null;
            });
        } catch (RuntimeException e) {
            busy.set(false);
            throw e;
        }
    }

    private synchronized void record(long epochSecond, Map<String, Timed> now) {
        Map<String, InstanceDataReport> reports = new TreeMap<>();
        Map<String, InstanceDataReport> before = new TreeMap<>();
        Map<String, Double> seconds = new TreeMap<>();
        now.forEach((id, t) -> {
            reports.put(id, t.report());
            Timed p = previous.get(id);
            if (p != null && t.nanos() > p.nanos()) {
                before.put(id, p.report());
                seconds.put(id, (t.nanos() - p.nanos()) / 1e9);
            }
        });
        DataTier tier = DataTier.of(epochSecond * 1000, reports, before, seconds);
        previous = Map.copyOf(now);
        latest = tier;
        nextSecond = epochSecond + (tier.empty() ? IDLE_SECONDS : EVERY_SECONDS);
    }

    /** The latest sum; {@link DataTier#NONE} before the first read or while no instance publishes one. */
    DataTier latest() {
        return latest;
    }
}
