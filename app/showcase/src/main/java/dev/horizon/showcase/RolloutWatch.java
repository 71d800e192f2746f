package dev.horizon.showcase;

import dev.horizon.control.ManagedControl;
import dev.horizon.control.RolloutRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * {@code horizon demo --deploy}: at its moment in the traffic (halfway), ships the shop's next version
 * ({@code SHOP_VERSION=2}) with the strategy asked for, through the same {@link ManagedControl#deploy} that
 * {@code horizon deploy} and the admin API call, then follows the rollout: a line for each change of its phase, weight,
 * step or reason and for each analysis verdict, and the shoppers' traffic counted apart from the deploy until every
 * request goes to one revision. Without {@code --deploy} (a null strategy) it does nothing.
 */
final class RolloutWatch {

    /** The version {@code --deploy} ships; the configuration's instances run version 1. */
    static final String NEXT_VERSION = "2";

    private final @Nullable String strategy;
    private final Duration at;
    private final ManagedControl shop;
    private final ShopTraffic traffic;
    private final Consumer<String> line;
    private @Nullable Duration deployed;
    private @Nullable Duration ended;
    private @Nullable String refused;
    private @Nullable TrafficStats during;
    private @Nullable RolloutRecord last;
    private String shown = "";
    private String lastVerdict = "";

    private RolloutWatch(@Nullable String strategy, Duration at, ManagedControl shop, ShopTraffic traffic,
                         Consumer<String> line) {
        this.strategy = strategy;
        this.at = at;
        this.shop = shop;
        this.traffic = traffic;
        this.line = line;
    }

    /**
     * A watch that deploys with {@code strategy} once the traffic has run for {@code at}, or that does nothing when
     * {@code strategy} is null; {@code line} prints a line above the status line.
     */
    static RolloutWatch of(@Nullable String strategy, Duration at, ManagedControl shop, ShopTraffic traffic,
                           Consumer<String> line) {
        return new RolloutWatch(strategy, at, shop, traffic, line);
    }

    /** Advances to {@code elapsed} (since the shoppers started): deploys when it is time, then follows the rollout. */
    void tick(Duration elapsed) {
        String s = strategy;
        if (s == null || refused != null) {
            return;
        }
        if (deployed == null) {
            if (elapsed.compareTo(at) >= 0) {
                deploy(s, elapsed);
            }
            return;
        }
        RolloutRecord r = shop.rollout();
        if (r == null) {
            return;
        }
        last = r;
        String now = DemoReport.rolloutState(r);
        if (!now.equals(shown)) {
            shown = now;
            line.accept(DemoReport.rolloutEvent(Instant.now(), now));
        }
        verdicts(r.analysis());
        if (ended == null && over(r)) {
            ended = elapsed;
            traffic.endRollout();
        }
    }

    private void deploy(String s, Duration elapsed) {
        try {
            String answer = shop.deploy(null, Map.of(DemoConfig.VERSION_VARIABLE, NEXT_VERSION), s);
            during = traffic.startRollout();
            deployed = elapsed;
            line.accept(DemoReport.rolloutEvent(Instant.now(), "deploy " + DemoConfig.VERSION_VARIABLE + "="
                + NEXT_VERSION + " (as horizon deploy shop --env " + DemoConfig.VERSION_VARIABLE + "=" + NEXT_VERSION
                + " --strategy " + s + "): " + answer));
        } catch (IllegalArgumentException | IllegalStateException e) {
            refused = e.getMessage();
            line.accept(DemoReport.rolloutEvent(Instant.now(), "deploy refused: " + e.getMessage()));
        }
    }

    /** Prints the verdicts after the last one printed (the record keeps the last ten, oldest first). */
    private void verdicts(List<String> analysis) {
        int from = analysis.lastIndexOf(lastVerdict) + 1;
        for (String v : analysis.subList(from, analysis.size())) {
            line.accept(DemoReport.rolloutEvent(Instant.now(), "analysis " + DemoReport.verdict(v)));
        }
        if (!analysis.isEmpty()) {
            lastVerdict = analysis.getLast();
        }
    }

    /**
     * Whether every request goes to one revision: promoted and switched (weight 100; a canary is {@code promoted}
     * while its instances still start, at its last step's weight), or aborted or rolled back.
     */
    static boolean over(RolloutRecord r) {
        return switch (r.phase()) {
            case "progressing", "paused" -> false;
            case "promoted" -> r.weight() >= 100;
            default -> true;
        };
    }

    /** The status line's note on the rollout under way ({@code canary r2 20%}), or empty. */
    String status() {
        RolloutRecord r = last;
        return r == null || ended != null ? "" : DemoReport.rolloutNote(r);
    }

    /** The rollout as the summary shows it, or null without {@code --deploy}. */
    @Nullable Result result() {
        String s = strategy;
        if (s == null) {
            return null;
        }
        TrafficStats stats = during;
        return new Result(s, deployed, ended, last, refused, stats == null ? new TrafficStats() : stats);
    }

    /**
     * What the deploy did, for the summary.
     *
     * @param strategy the strategy asked for
     * @param deployed when the deploy was made, since the shoppers started; null when the run ended before
     * @param ended    when every request went to one revision; null when that had not happened when the run ended
     * @param record   the rollout as last seen, or null
     * @param refused  why the deploy was refused, or null
     * @param during   the shoppers' traffic from the deploy to {@code ended} (or the end of the run)
     */
    record Result(String strategy, @Nullable Duration deployed, @Nullable Duration ended,
                  @Nullable RolloutRecord record, @Nullable String refused, TrafficStats during) {
    }
}
