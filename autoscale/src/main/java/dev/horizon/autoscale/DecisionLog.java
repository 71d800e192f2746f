package dev.horizon.autoscale;

import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.List;
import java.util.StringJoiner;

/**
 * The last decisions of one autoscaler, oldest first, in a bounded ring: adding to a full log drops the oldest.
 * Safe to read from other threads (the admin API) while the loop adds.
 */
public final class DecisionLog {

    /** How many decisions a log keeps unless told otherwise. */
    public static final int DEFAULT_CAPACITY = 100;

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss");

    private final int capacity;
    private final ArrayDeque<Decision> decisions;

    /** A log keeping the last {@code capacity} decisions, at least 1. */
    public DecisionLog(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("decision-log: " + capacity + " (expected: >= 1)");
        }
        this.capacity = capacity;
        this.decisions = new ArrayDeque<>(Math.min(capacity, 1024));
    }

    /** How many decisions it keeps at most. */
    public int capacity() {
        return capacity;
    }

    /** Adds {@code d}, dropping the oldest decision when full. */
    public synchronized void add(Decision d) {
        if (decisions.size() == capacity) {
            decisions.removeFirst();
        }
        decisions.addLast(d);
    }

    /** The decisions kept, oldest first. */
    public synchronized List<Decision> recent() {
        return List.copyOf(decisions);
    }

    /** The decisions as a JSON array, oldest first. */
    public String toJson() {
        StringJoiner out = new StringJoiner(", ", "[", "]");
        for (Decision d : recent()) {
            out.add(json(d));
        }
        return out.toString();
    }

    /** One line per decision with times in UTC. */
    public String explain() {
        return explain(ZoneOffset.UTC);
    }

    /**
     * One line per decision, times in {@code zone}: {@code 12:00:03 scaled 2 → 4: inflight averaged 41.0 per ready
     * instance against a target of 20 (ratio 2.05) → 5; scale-up limit max(+4, +100 %) per 15s allowed 4}.
     */
    public String explain(ZoneId zone) {
        StringBuilder out = new StringBuilder();
        for (Decision d : recent()) {
            out.append(line(d, zone)).append('\n');
        }
        return out.toString();
    }

    /** One decision as {@link #explain(ZoneId)} writes it. */
    public static String line(Decision d, ZoneId zone) {
        String what = d.scales() ? "scaled " + d.current() + " → " + d.desired() : "stayed at " + d.current();
        return TIME.format(d.at().atZone(zone)) + " " + what + ": " + d.explanation();
    }

    /** One decision as a JSON object. */
    static String json(Decision d) {
        StringJoiner proposals = new StringJoiner(", ", "[", "]");
        for (Proposal p : d.proposals()) {
            proposals.add("{\"source\": " + Json.string(p.source())
                + ", \"replicas\": " + p.replicas()
                + ", \"observed\": " + Json.number(p.observed())
                + ", \"utilization\": " + p.utilization()
                + ", \"ratio\": " + Json.number(p.ratio())
                + ", \"reason\": " + Json.string(p.reason()) + "}");
        }
        StringJoiner schedules = new StringJoiner(", ", "[", "]");
        d.bounds().schedules().forEach(s -> schedules.add(Json.string(s)));
        return "{\"at\": " + Json.string(d.at().toString())
            + ", \"current\": " + d.current()
            + ", \"desired\": " + d.desired()
            + ", \"raw\": " + d.raw()
            + ", \"facts\": {\"ready\": " + d.facts().ready() + ", \"starting\": " + d.facts().starting()
            + ", \"warming\": " + d.facts().warming() + "}"
            + ", \"proposals\": " + proposals
            + ", \"stabilization\": " + stage(d.stabilization())
            + ", \"hold\": " + stage(d.hold())
            + ", \"rateLimit\": " + stage(d.rateLimit())
            + ", \"bounds\": {\"min\": " + d.bounds().min() + ", \"max\": " + d.bounds().max()
            + ", \"schedules\": " + schedules + "}"
            + ", \"clamp\": " + stage(d.clamp())
            + ", \"explanation\": " + Json.string(d.explanation()) + "}";
    }

    private static String stage(Decision.Stage s) {
        return "{\"before\": " + s.before() + ", \"after\": " + s.after() + ", \"note\": " + Json.string(s.note())
            + "}";
    }
}
