package dev.horizon.sim.engine;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

/**
 * What happened in every second of a simulation, one {@link Row} per second of the trace, as primitive columns. The
 * CSV ({@link #HEADER}) is the one the charts module and the demo recorder read too.
 */
public final class Timeline {

    /** The CSV header, exactly. */
    public static final String HEADER = "time,arrivals,served,rejected,timed-out,p50-ms,p95-ms,p99-ms,instances,"
        + "starting,warming,ready,draining,cpu,cpu-utilization,price-per-hour,shed,"
        + "concurrency-limit";

    /**
     * One second.
     *
     * @param time           seconds from the trace's start (the row covers {@code [time, time + 1)})
     * @param arrivals       requests that arrived
     * @param served         requests answered by an instance within the timeout
     * @param rejected       requests refused (503: over the service's concurrency limit, no ready instance, or the
     *                       picked instance's queue full) or failed (502: their instance died or its drain timed out)
     * @param timedOut       requests the gateway gave up on at the request timeout (504)
     * @param p50Ms          the median latency of the requests served, in milliseconds; NaN with none
     * @param p95Ms          their 95th percentile; NaN with none
     * @param p99Ms          their 99th percentile; NaN with none
     * @param instances      instances running at the second's end: starting, warming, ready and draining
     * @param starting       launched, not ready yet
     * @param warming        ready and taking requests, inside their warm-up
     * @param ready          in service: ready and warmed up
     * @param draining       taking no new requests, finishing theirs
     * @param cpu            the CPU size of an instance (the size new instances get), in millicores
     * @param cpuUtilization the share of their capacity the warming and ready instances used in the second, in percent
     *                       (0..100; see docs/sim.md); NaN with none
     * @param pricePerHour   what the running instances cost per hour at the second's end, in dollars
     * @param shed           of the rejected requests, those the service's concurrency limit refused (503), at once or
     *                       when their wait in its queue ran out; always 0 without a limit
     * @param concurrencyLimit the service's concurrency limit at the second's end (an adaptive one moves); 0 without
     *                       one (an empty cell in the CSV)
     */
    public record Row(int time, int arrivals, int served, int rejected, int timedOut, double p50Ms, double p95Ms,
                      double p99Ms, int instances, int starting, int warming, int ready, int draining, long cpu,
                      double cpuUtilization, double pricePerHour, int shed,
                      int concurrencyLimit) {
    }

    private final int[] arrivals;
    private final int[] served;
    private final int[] rejected;
    private final int[] timedOut;
    private final int[] shed;
    private final int[] limit;
    private final double[] p50;
    private final double[] p95;
    private final double[] p99;
    private final int[][] states;
    private final long[] cpu;
    private final double[] utilization;
    private final double[] price;

    Timeline(int seconds) {
        arrivals = new int[seconds];
        served = new int[seconds];
        rejected = new int[seconds];
        timedOut = new int[seconds];
        shed = new int[seconds];
        limit = new int[seconds];
        p50 = new double[seconds];
        p95 = new double[seconds];
        p99 = new double[seconds];
        states = new int[4][seconds];
        cpu = new long[seconds];
        utilization = new double[seconds];
        price = new double[seconds];
        Arrays.fill(utilization, Double.NaN);
    }

    void counts(int s, int arrived, int answered, int refused, int expired, int limited) {
        arrivals[s] = arrived;
        served[s] = answered;
        rejected[s] = refused;
        timedOut[s] = expired;
        shed[s] = limited;
    }

    void limit(int s, int concurrencyLimit) {
        limit[s] = concurrencyLimit;
    }

    void latencies(int s, LatencyHistogram h) {
        p50[s] = h.quantileMs(0.50);
        p95[s] = h.quantileMs(0.95);
        p99[s] = h.quantileMs(0.99);
    }

    void fleet(int s, int[] byState, long cpuMillicores, double utilizationPercent, double pricePerHour) {
        for (int k = 0; k < 4; k++) {
            states[k][s] = byState[k];
        }
        cpu[s] = cpuMillicores;
        utilization[s] = utilizationPercent;
        price[s] = pricePerHour;
    }

    /** The seconds, one row each. */
    public int seconds() {
        return arrivals.length;
    }

    /** The row of second {@code s}, {@code 0 <= s < seconds()}. */
    public Row row(int s) {
        int instances = states[0][s] + states[1][s] + states[2][s] + states[3][s];
        return new Row(s, arrivals[s], served[s], rejected[s], timedOut[s], p50[s], p95[s], p99[s], instances,
            states[0][s], states[1][s], states[2][s], states[3][s], cpu[s], utilization[s], price[s], shed[s],
            limit[s]);
    }

    /** Writes the timeline as CSV: {@link #HEADER}, then a line per second; an undefined value is an empty cell. */
    public void writeCsv(Writer out) throws IOException {
        out.write(HEADER);
        out.write('\n');
        StringBuilder line = new StringBuilder(128);
        for (int s = 0; s < seconds(); s++) {
            line.setLength(0);
            int instances = states[0][s] + states[1][s] + states[2][s] + states[3][s];
            line.append(s).append(',').append(arrivals[s]).append(',').append(served[s]).append(',')
                .append(rejected[s]).append(',').append(timedOut[s]).append(',');
            number(line, p50[s], 1).append(',');
            number(line, p95[s], 1).append(',');
            number(line, p99[s], 1).append(',');
            line.append(instances).append(',').append(states[0][s]).append(',').append(states[1][s]).append(',')
                .append(states[2][s]).append(',').append(states[3][s]).append(',').append(cpu[s]).append(',');
            number(line, utilization[s], 1).append(',');
            number(line, price[s], 4).append(',').append(shed[s]).append(',');
            if (limit[s] > 0) {
                line.append(limit[s]);
            }
            line.append('\n');
            out.append(line);
        }
    }

    /**
     * Writes the timeline's CSV to {@code file}.
     *
     * @throws UncheckedIOException when it cannot be written
     */
    public void writeCsv(Path file) {
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            writeCsv(out);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    private static StringBuilder number(StringBuilder b, double v, int decimals) {
        if (Double.isNaN(v)) {
            return b;
        }
        return b.append(String.format(Locale.ROOT, "%." + decimals + "f", v));
    }
}
