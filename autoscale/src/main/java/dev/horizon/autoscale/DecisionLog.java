package dev.horizon.autoscale;

import dev.horizon.sizing.Resources;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Objects;
import java.util.StringJoiner;
import org.jspecify.annotations.Nullable;

/**
 * The last decisions of one autoscaler, oldest first, in a bounded ring: adding to a full log drops the oldest.
 * Evaluations in a row that keep the count at the same value with the same raw recommendation share one entry (the
 * latest of them, with when the run began and how many evaluations it holds), so a steady service evaluated every
 * second does not push its last real scaling decisions out of the ring. Safe to read from other threads (the admin
 * API) while the loop adds.
 */
public final class DecisionLog {

    /** How many decisions a log keeps unless told otherwise. */
    public static final int DEFAULT_CAPACITY = 100;

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss");

    private final int capacity;
    private final ArrayDeque<Entry> decisions;

    /**
     * One entry of the log: a decision, or the latest of a run of decisions that kept the same count.
     *
     * @param decision    the (latest) decision
     * @param since       when the run began; the decision's own time for a single decision
     * @param evaluations how many evaluations the entry stands for, at least 1
     */
    public record Entry(Decision decision, Instant since, int evaluations) {
    }

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

    /** Adds {@code d}: it joins the last entry when both keep the same count, else the oldest entry may drop. */
    public synchronized void add(Decision d) {
        Entry last = decisions.peekLast();
        if (last != null && sameStay(last.decision(), d)) {
            decisions.removeLast();
            decisions.addLast(new Entry(d, last.since(), last.evaluations() + 1));
            return;
        }
        if (decisions.size() == capacity) {
            decisions.removeFirst();
        }
        decisions.addLast(new Entry(d, d.at(), 1));
    }

    private static boolean sameStay(Decision a, Decision b) {
        return !a.changes() && !b.changes() && a.current() == b.current() && a.raw() == b.raw()
            && a.sizing().before().equals(b.sizing().before()) && a.sizing().raw().equals(b.sizing().raw());
    }

    /** The entries kept, oldest first. */
    public synchronized List<Entry> entries() {
        return List.copyOf(decisions);
    }

    /** The decisions kept (the latest of each run of stays), oldest first. */
    public List<Decision> recent() {
        return entries().stream().map(Entry::decision).toList();
    }

    /** The entries as a JSON array, oldest first: each decision with {@code since} and {@code evaluations}. */
    public String toJson() {
        StringJoiner out = new StringJoiner(", ", "[", "]");
        for (Entry e : entries()) {
            String d = json(e.decision());
            out.add(d.substring(0, d.length() - 1) + ", \"since\": " + Json.string(e.since().toString())
                + ", \"evaluations\": " + e.evaluations() + "}");
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
        for (Entry e : entries()) {
            if (e.evaluations() > 1) {
                out.append(TIME.format(e.since().atZone(zone))).append('–');
            }
            out.append(line(e.decision(), zone));
            if (e.evaluations() > 1) {
                out.append(" (").append(e.evaluations()).append(" evaluations)");
            }
            out.append('\n');
        }
        return out.toString();
    }

    /**
     * One decision as {@link #explain(ZoneId)} writes it: {@code scaled 2 → 4}, {@code resized 500m → 1000m},
     * {@code resized 500m → 1000m and scaled 1 → 2}, {@code stayed at 2} (horizontal) or {@code stayed at 2 × 500m}.
     */
    public static String line(Decision d, ZoneId zone) {
        return TIME.format(d.at().atZone(zone)) + " " + what(d) + ": " + d.explanation();
    }

    /** What a decision does, in two to five words. */
    public static String what(Decision d) {
        Decision.Sizing s = d.sizing();
        String scaled = "scaled " + d.current() + " → " + d.desired();
        if (s.resizes()) {
            boolean sameMemory = Objects.equals(s.before().memory(), s.after().memory());
            String resized = "resized " + (sameMemory ? s.before().cpu() + " → " + s.after().cpu()
                : s.before().brief() + " → " + s.after().brief());
            return d.scales() ? resized + " and " + scaled : resized;
        }
        if (d.scales()) {
            return scaled;
        }
        return d.strategy() == Strategy.HORIZONTAL ? "stayed at " + d.current()
            : "stayed at " + d.current() + " × " + s.before().cpu();
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
            + ", \"strategy\": " + Json.string(d.strategy().text())
            + ", \"size\": " + sizing(d.sizing())
            + ", \"recommendation\": " + recommendation(d.sizing().recommendation())
            + ", \"explanation\": " + Json.string(d.explanation()) + "}";
    }

    private static String sizing(Decision.Sizing s) {
        return "{\"before\": " + size(s.before()) + ", \"raw\": " + size(s.raw()) + ", \"after\": " + size(s.after())
            + ", \"capacityMillicores\": " + Json.number(s.capacity()) + ", \"note\": " + Json.string(s.note()) + "}";
    }

    private static String size(Resources r) {
        return "{\"cpu\": " + (r.cpu() == null ? "null" : Json.string(String.valueOf(r.cpu())))
            + ", \"memory\": " + (r.memory() == null ? "null" : Json.string(String.valueOf(r.memory()))) + "}";
    }

    private static String recommendation(@Nullable Recommendation r) {
        if (r == null) {
            return "null";
        }
        return "{\"cpuMillicores\": " + estimate(r.cpu()) + ", \"memoryBytes\": " + estimate(r.memory())
            + ", \"confidence\": " + Json.number(r.confidence()) + "}";
    }

    private static String estimate(Recommendation.Estimate e) {
        return "{\"lower\": " + Json.number(e.lower()) + ", \"target\": " + Json.number(e.target())
            + ", \"upper\": " + Json.number(e.upper()) + "}";
    }

    private static String stage(Decision.Stage s) {
        return "{\"before\": " + s.before() + ", \"after\": " + s.after() + ", \"note\": " + Json.string(s.note())
            + "}";
    }
}
