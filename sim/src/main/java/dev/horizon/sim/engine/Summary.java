package dev.horizon.sim.engine;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Objects;

/**
 * A simulation in a few numbers: what became of the requests, the latency over the whole run, the minutes over the
 * SLO, what the fleet cost, and every decision of the autoscaler that changed something.
 *
 * @param requests       requests that arrived
 * @param served         answered within the timeout
 * @param rejected       refused (503) or failed with their instance (502)
 * @param timedOut       given up at the request timeout (504)
 * @param shed           of the rejected, those the service's concurrency limit refused (503); 0 without a limit
 * @param unfinished     still in flight when the trace ended
 * @param meanMs         the mean latency of the requests served, in milliseconds (exact); NaN with none
 * @param p50Ms          the median latency of the requests served; NaN with none
 * @param p95Ms          their 95th percentile; NaN with none
 * @param p99Ms          their 99th percentile; NaN with none
 * @param sloP95Ms       the p95 target, in milliseconds
 * @param minutesOverSlo the minutes (from the trace's start) whose p95 — of every request that ended in that minute,
 *                       a rejected or timed-out one counting as slower than both the target and the timeout — was
 *                       above the target
 * @param instanceHours  the hours of every running instance (starting and draining ones included)
 * @param cost           what they cost: the price per hour of each instance's size times its hours, in dollars
 * @param peakInstances  the most instances running at the end of a second
 * @param peakCpu        the largest CPU size an instance had, in millicores
 * @param decisions      the autoscaler's decisions that changed the count or the size, in order
 * @param windows        the latencies of each window the scenario asked for ({@link Scenario.Builder#window}), in its
 *                       order
 */
public record Summary(long requests, long served, long rejected, long timedOut, long shed, long unfinished,
                      double meanMs, double p50Ms, double p95Ms, double p99Ms, double sloP95Ms, int minutesOverSlo,
                      double instanceHours, double cost, int peakInstances, long peakCpu, List<Change> decisions,
                      List<WindowLatency> windows) {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** Copies the decisions and the windows. */
    public Summary {
        decisions = List.copyOf(decisions);
        windows = List.copyOf(windows);
    }

    /**
     * The latencies of one window: of every request that ended in it, each at the time its client waited — served,
     * shed (at once, or after its wait in the concurrency limit's queue), refused or failed, timed out (at the
     * timeout) — as a client measures a phase of its own. The percentiles are the midpoints of the simulator's
     * histogram buckets, within 3.2 % of the exact values.
     *
     * @param window the window
     * @param served the requests served that ended in it
     * @param shed   the requests the concurrency limit shed in it
     * @param failed the requests refused (no instance), failed with their instance or timed out in it
     * @param p50Ms  the median latency of them all; NaN with none
     * @param p95Ms  their 95th percentile; NaN with none
     * @param p99Ms  their 99th percentile; NaN with none
     */
    public record WindowLatency(Window window, long served, long shed, long failed, double p50Ms, double p95Ms,
                                double p99Ms) {
        /** Checks the window is present. */
        public WindowLatency {
            Objects.requireNonNull(window, "window");
        }
    }

    /**
     * One decision that changed the fleet.
     *
     * @param time       when, in seconds from the trace's start
     * @param from       the count before
     * @param to         the count decided
     * @param sizeBefore the size before, as {@code 500m/512Mi}
     * @param size       the size decided
     * @param reason     the autoscaler's explanation
     */
    public record Change(double time, int from, int to, String sizeBefore, String size, String reason) {
        /** Checks the texts are present. */
        public Change {
            Objects.requireNonNull(sizeBefore, "sizeBefore");
            Objects.requireNonNull(size, "size");
            Objects.requireNonNull(reason, "reason");
        }
    }

    /**
     * The summary as indented JSON: {@code requests}, {@code served}, {@code rejected}, {@code timed-out},
     * {@code shed}, {@code unfinished}, {@code mean-ms}, {@code p50-ms}, {@code p95-ms}, {@code p99-ms},
     * {@code slo-p95-ms}, {@code minutes-over-slo}, {@code instance-hours}, {@code cost}, {@code peak-instances},
     * {@code peak-size} (as {@code 2000m}) and {@code decisions} ({@code time}, {@code from}, {@code to},
     * {@code size-before}, {@code size}, {@code reason}) and {@code windows} ({@code name}, {@code start-seconds},
     * {@code end-seconds}, {@code served}, {@code shed}, {@code failed}, {@code p50-ms}, {@code p95-ms},
     * {@code p99-ms}); a latency that is undefined is {@code null}.
     */
    public String toJson() {
        ObjectNode o = JSON.createObjectNode();
        o.put("requests", requests).put("served", served).put("rejected", rejected).put("timed-out", timedOut)
            .put("shed", shed).put("unfinished", unfinished);
        number(o, "mean-ms", meanMs);
        number(o, "p50-ms", p50Ms);
        number(o, "p95-ms", p95Ms);
        number(o, "p99-ms", p99Ms);
        number(o, "slo-p95-ms", sloP95Ms);
        o.put("minutes-over-slo", minutesOverSlo);
        number(o, "instance-hours", instanceHours);
        number(o, "cost", cost);
        o.put("peak-instances", peakInstances).put("peak-size", peakCpu + "m");
        ArrayNode list = o.putArray("decisions");
        for (Change c : decisions) {
            ObjectNode d = list.addObject();
            number(d, "time", c.time());
            d.put("from", c.from()).put("to", c.to()).put("size-before", c.sizeBefore()).put("size", c.size())
                .put("reason", c.reason());
        }
        ArrayNode ws = o.putArray("windows");
        for (WindowLatency w : windows) {
            ObjectNode d = ws.addObject().put("name", w.window().name());
            number(d, "start-seconds", w.window().start());
            number(d, "end-seconds", w.window().end());
            d.put("served", w.served()).put("shed", w.shed()).put("failed", w.failed());
            number(d, "p50-ms", w.p50Ms());
            number(d, "p95-ms", w.p95Ms());
            number(d, "p99-ms", w.p99Ms());
        }
        try {
            return JSON.writeValueAsString(o);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void number(ObjectNode o, String key, double v) {
        if (Double.isFinite(v)) {
            o.put(key, Math.round(v * 1000) / 1000.0);
        } else {
            o.putNull(key);
        }
    }
}
