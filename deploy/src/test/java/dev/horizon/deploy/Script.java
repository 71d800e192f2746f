package dev.horizon.deploy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/** Drives a {@link Rollout} as its caller does, second by second, and writes down what it asked for. */
final class Script {

    static final Instant T0 = Instant.parse("2030-01-01T12:00:00Z");
    static final Verdict PASS = Verdict.pass("fine");

    private Script() {
    }

    static Instant at(long seconds) {
        return T0.plusSeconds(seconds);
    }

    /**
     * Ticks {@code run} every second from {@code from} to {@code to} seconds after {@link #T0}, answering each
     * ANALYZE with the next of {@code verdicts} (PASS once they run out); the trace lists every action other than
     * NONE as {@code "t ACTION weight"}.
     */
    static List<String> drive(Rollout run, long from, long to, List<Verdict> verdicts) {
        Iterator<Verdict> next = verdicts.iterator();
        List<String> trace = new ArrayList<>();
        for (long t = from; t <= to; t++) {
            for (Action a = run.tick(at(t)); a != Action.NONE; a = run.tick(at(t))) {
                trace.add(t + " " + a + " " + run.weightBasisPoints());
                if (a == Action.ANALYZE) {
                    run.record(next.hasNext() ? next.next() : PASS, at(t));
                }
            }
        }
        return trace;
    }
}
