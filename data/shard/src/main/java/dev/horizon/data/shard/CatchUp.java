package dev.horizon.data.shard;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The catch-up step: round after round, applies the writes logged on the old shards (in batches of {@link #BATCH}
 * per shard) until the {@link Convergence} rule stops it. Each round applies at most the backlog it found when it
 * started, so a round ends even while writers keep logging.
 */
final class CatchUp {

    static final int BATCH = 5000;

    /** How catch-up ended: the verdict, the rounds run, the backlog left and the rows applied in all. */
    record Result(Convergence.Verdict verdict, int rounds, long backlog, long applied) {}

    private final ReshardPlan plan;
    private final ChangeCapture capture;
    private final ChangeSync sync;
    private final Convergence rule;
    private final ReshardListener listener;

    CatchUp(ReshardPlan plan, ChangeCapture capture, ChangeSync sync, Convergence rule, ReshardListener listener) {
        this.plan = plan;
        this.capture = capture;
        this.sync = sync;
        this.rule = rule;
        this.listener = listener;
    }

    /** Runs rounds until the rule stops them. */
    Result run() throws SQLException {
        List<Connection> connections = new ArrayList<>();
        try {
            for (javax.sql.DataSource ds : plan.all()) {
                connections.add(ds.getConnection());
            }
            int rounds = 0;
            int stalled = 0;
            long applied = 0;
            long previous = Long.MAX_VALUE;
            while (true) {
                long backlog = backlog(connections);
                stalled = rounds > 0 && backlog >= previous ? stalled + 1 : 0;
                Convergence.Verdict verdict = rule.decide(rounds, backlog, stalled);
                if (verdict != Convergence.Verdict.CONTINUE) {
                    listener.on(new ReshardEvent.Converged(verdict, rounds, backlog));
                    return new Result(verdict, rounds, backlog, applied);
                }
                long round = 0;
                for (int s = 0; s < plan.old().size(); s++) {
                    round += drain(s, capture.backlog(connections.get(s)), connections);
                }
                rounds++;
                applied += round;
                previous = backlog;
                listener.on(new ReshardEvent.CaughtUp(rounds, backlog, round));
            }
        } finally {
            for (Connection c : connections) {
                c.close();
            }
        }
    }

    private long backlog(List<Connection> connections) throws SQLException {
        long backlog = 0;
        for (int s = 0; s < plan.old().size(); s++) {
            backlog += capture.backlog(connections.get(s));
        }
        return backlog;
    }

    /** Takes and applies up to {@code limit} logged writes of shard {@code s}; returns the rows applied. */
    private long drain(int s, long limit, List<Connection> connections) throws SQLException {
        long taken = 0;
        long applied = 0;
        while (taken < limit) {
            ChangeCapture.Changes changes = capture.take(connections.get(s), (int) Math.min(BATCH, limit - taken));
            if (changes.size() == 0) {
                break;
            }
            taken += changes.size();
            for (Resharder.Table t : plan.tables()) {
                applied += sync.apply(t, s, changes.of(t), connections, false).rows();
            }
        }
        return applied;
    }
}
