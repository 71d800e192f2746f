package dev.horizon.charts;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One run, second by second: named columns of numbers, one row per second, as the simulator and the demo recording
 * write them ({@link TimelineCsv}). Immutable.
 *
 * <p>Every timeline has the {@link #TIME} column (seconds from the start, finite and increasing); any other column
 * may be missing (an older file: its series is left out of a chart), and a missing value inside a column is
 * {@link Double#NaN} (an empty cell: unknown, drawn as a gap). Columns keep the order they were given in.
 */
public final class Timeline {

    /** Seconds from the start of the run. */
    public static final String TIME = "time";
    /** Requests that arrived in the second. */
    public static final String ARRIVALS = "arrivals";
    /** Requests answered in the second. */
    public static final String SERVED = "served";
    /** Requests turned away (no capacity, a full queue) in the second. */
    public static final String REJECTED = "rejected";
    /** Requests that ran out of time in the second. */
    public static final String TIMED_OUT = "timed-out";
    /** The median response time of the second, in milliseconds. */
    public static final String P50_MS = "p50-ms";
    /** The 95th-percentile response time of the second, in milliseconds. */
    public static final String P95_MS = "p95-ms";
    /** The 99th-percentile response time of the second, in milliseconds. */
    public static final String P99_MS = "p99-ms";
    /** Instances in every state. */
    public static final String INSTANCES = "instances";
    /** Instances launched but not yet healthy. */
    public static final String STARTING = "starting";
    /** Healthy instances still warming up (slow start). */
    public static final String WARMING = "warming";
    /** Instances taking their full share. */
    public static final String READY = "ready";
    /** Instances finishing their requests before they stop. */
    public static final String DRAINING = "draining";
    /** The CPU size of one instance, in cores. */
    public static final String CPU = "cpu";
    /** The fleet's CPU utilization, 0..1. */
    public static final String CPU_UTILIZATION = "cpu-utilization";
    /** What the fleet costs per hour at this second's size and count. */
    public static final String PRICE_PER_HOUR = "price-per-hour";

    /** Every column of the shared format, in the order of {@link #HEADER}. */
    public static final List<String> COLUMNS = List.of(TIME, ARRIVALS, SERVED, REJECTED, TIMED_OUT, P50_MS, P95_MS,
        P99_MS, INSTANCES, STARTING, WARMING, READY, DRAINING, CPU, CPU_UTILIZATION, PRICE_PER_HOUR);

    /** The header line of the shared format: {@link #COLUMNS} joined by commas. */
    public static final String HEADER = "time,arrivals,served,rejected,timed-out,p50-ms,p95-ms,p99-ms,instances,"
        + "starting,warming,ready,draining,cpu,cpu-utilization,price-per-hour";

    private final String name;
    private final Map<String, double[]> columns;
    private final double[] time;

    private Timeline(String name, Map<String, double[]> columns, double[] time) {
        this.name = name;
        this.columns = columns;
        this.time = time;
    }

    /**
     * A timeline called {@code name} (the run's label in a chart's legend) of {@code columns}, each copied.
     *
     * @throws IllegalArgumentException when the name is blank, {@link #TIME} is missing, the columns differ in
     *                                  length, or a time is not finite or not after the one before
     */
    public static Timeline of(String name, Map<String, double[]> columns) {
        Map<String, double[]> copy = new LinkedHashMap<>();
        columns.forEach((column, values) -> copy.put(column, values.clone()));
        return wrap(name, copy);
    }

    /** A timeline over {@code columns}, not copied: the caller hands the arrays over. */
    static Timeline wrap(String name, Map<String, double[]> columns) {
        if (name.isBlank()) {
            throw new IllegalArgumentException("timeline: blank name (expected: a label such as 'simulated')");
        }
        double[] time = columns.get(TIME);
        if (time == null) {
            throw new IllegalArgumentException(name + ": no '" + TIME + "' column (columns: " + columns.keySet() + ")");
        }
        for (Map.Entry<String, double[]> column : columns.entrySet()) {
            if (column.getValue().length != time.length) {
                throw new IllegalArgumentException(name + ": column '" + column.getKey() + "' has "
                    + column.getValue().length + " rows (expected: " + time.length + ", as '" + TIME + "')");
            }
        }
        for (int row = 0; row < time.length; row++) {
            if (!Double.isFinite(time[row]) || row > 0 && !(time[row] > time[row - 1])) {
                throw new IllegalArgumentException(name + ": time " + time[row] + " in row " + (row + 1)
                    + " (expected: a finite number of seconds, after the row before)");
            }
        }
        return new Timeline(name, Collections.unmodifiableMap(columns), time);
    }

    /** The run's label in a chart's legend. */
    public String name() {
        return name;
    }

    /** This timeline called {@code newName}: the same columns, not copied. */
    public Timeline named(String newName) {
        return wrap(newName, columns);
    }

    /** The number of rows (seconds). */
    public int rows() {
        return time.length;
    }

    /** The columns it has, in their order. */
    public List<String> columns() {
        return new ArrayList<>(columns.keySet());
    }

    /** Whether it has {@code column}. */
    public boolean has(String column) {
        return columns.containsKey(column);
    }

    /**
     * The values of {@code column}, a copy, {@link Double#NaN} where unknown.
     *
     * @throws IllegalArgumentException when it has no such column
     */
    public double[] column(String column) {
        return values(column).clone();
    }

    /** The values of {@code column}, not copied: for this package's readers, which never write to it. */
    double[] values(String column) {
        double[] values = columns.get(column);
        if (values == null) {
            throw new IllegalArgumentException(name + ": no column '" + column + "' (columns: " + columns.keySet()
                + ")");
        }
        return values;
    }

    /** The seconds of the run: its last time, 0 for none. */
    public double seconds() {
        return time.length == 0 ? 0 : time[time.length - 1];
    }

    @Override
    public String toString() {
        return name + ": " + time.length + " rows of " + columns.keySet();
    }
}
