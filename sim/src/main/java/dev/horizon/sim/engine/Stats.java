package dev.horizon.sim.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/** The counts and latencies of the current second and minute and of the whole run, closed into the outputs. */
final class Stats {

    final Timeline timeline;
    private final double sloMs;
    private final long timeoutMicros;
    private int arrivals;
    private int served;
    private int rejected;
    private int timedOut;
    private int shed;
    long totalArrivals;
    private long totalServed;
    private long totalRejected;
    private long totalTimedOut;
    private long totalShed;
    private double latencySum;
    private final LatencyHistogram second = new LatencyHistogram();
    private final LatencyHistogram minute = new LatencyHistogram();
    private final LatencyHistogram overall = new LatencyHistogram();
    private int minutesOver;
    private double instanceSeconds;
    private double cost;
    private int peakInstances;
    private long peakCpu;
    final List<Summary.Change> changes = new ArrayList<>();
    private final List<WindowTally> windows = new ArrayList<>();

    Stats(int seconds, double sloMs, long timeoutMicros, List<Window> windows) {
        this.timeline = new Timeline(seconds);
        windows.forEach(w -> this.windows.add(new WindowTally(w)));
        this.sloMs = sloMs;
        // a failed request is a bad event for the SLO whatever the two durations: it counts as slower than both
        this.timeoutMicros = Math.max(timeoutMicros, (long) (sloMs * 2000));
    }

    void arrived() {
        arrivals++;
        totalArrivals++;
    }

    /** A request served at {@code now}, {@code latencySeconds} after it arrived. */
    void served(double latencySeconds, double now) {
        long micros = (long) (latencySeconds * 1e6);
        served++;
        latencySum += latencySeconds;
        second.record(micros);
        minute.record(micros);
        overall.record(micros);
        inWindows(micros, now, w -> w.served++);
    }

    /** A request refused or failed at {@code now}, {@code latencySeconds} after it arrived. */
    void rejected(double latencySeconds, double now) {
        rejected();
        inWindows((long) (latencySeconds * 1e6), now, w -> w.failed++);
    }

    private void rejected() {
        rejected++;
        minute.record(timeoutMicros);
    }

    /** A request the service's concurrency limit refused at {@code now}: rejected, and counted apart as shed. */
    void shed(double latencySeconds, double now) {
        shed++;
        rejected();
        inWindows((long) (latencySeconds * 1e6), now, w -> w.shed++);
    }

    /** A request given up at {@code now}, {@code latencySeconds} (the timeout) after it arrived. */
    void timedOut(double latencySeconds, double now) {
        timedOut++;
        minute.record(timeoutMicros);
        inWindows((long) (latencySeconds * 1e6), now, w -> w.failed++);
    }

    /** Counts a request that ended at {@code now} after {@code micros}, as {@code outcome}, in its windows. */
    private void inWindows(long micros, double now, Consumer<WindowTally> outcome) {
        for (WindowTally w : windows) {
            if (w.window.holds(now)) {
                outcome.accept(w);
                w.latency.record(micros);
            }
        }
    }

    /** Closes second {@code s}: its row, the minute when it ends one, and the run's totals. */
    void closeSecond(int s, int[] byState, long cpu, long largestCpu, double utilization, double pricePerHour) {
        Timeline t = timeline;
        t.counts(s, arrivals, served, rejected, timedOut, shed);
        t.latencies(s, second);
        t.fleet(s, byState, cpu, utilization, pricePerHour);
        totalServed += served;
        totalRejected += rejected;
        totalTimedOut += timedOut;
        totalShed += shed;
        arrivals = 0;
        served = 0;
        rejected = 0;
        timedOut = 0;
        shed = 0;
        second.clear();
        int instances = byState[0] + byState[1] + byState[2] + byState[3];
        instanceSeconds += instances;
        cost += pricePerHour / 3600;
        peakInstances = Math.max(peakInstances, instances);
        peakCpu = Math.max(peakCpu, largestCpu);
        if ((s + 1) % 60 == 0 || s == t.seconds() - 1) {
            if (minute.total() > 0 && minute.quantileMs(0.95) > sloMs) {
                minutesOver++;
            }
            minute.clear();
        }
    }

    Summary summary() {
        long unfinished = totalArrivals - totalServed - totalRejected - totalTimedOut;
        return new Summary(totalArrivals, totalServed, totalRejected, totalTimedOut, totalShed, unfinished,
            totalServed == 0 ? Double.NaN : latencySum / totalServed * 1000, overall.quantileMs(0.50),
            overall.quantileMs(0.95), overall.quantileMs(0.99), sloMs, minutesOver, instanceSeconds / 3600, cost,
            peakInstances, peakCpu, changes, windows.stream().map(WindowTally::summary).toList());
    }

    /** One window's requests by outcome, and the latencies of them all. */
    private static final class WindowTally {
        final Window window;
        final LatencyHistogram latency = new LatencyHistogram();
        long served;
        long shed;
        long failed;

        WindowTally(Window window) {
            this.window = window;
        }

        Summary.WindowLatency summary() {
            return new Summary.WindowLatency(window, served, shed, failed, latency.quantileMs(0.50),
                latency.quantileMs(0.95), latency.quantileMs(0.99));
        }
    }
}
