package dev.horizon.data.shard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.horizon.data.shard.Convergence.Verdict;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The catch-up rule, "small or stalled backlog", as a table of cases and as catch-up runs it round after round. */
final class ConvergenceTest {

    private static final Convergence RULE = Convergence.defaults();

    @Test
    void decidesByBacklogThenStallThenRounds() {
        record Case(int rounds, long backlog, int stalled, Verdict verdict) {}
        List<Case> cases = List.of(
            new Case(0, 0, 0, Verdict.CONVERGED),
            new Case(0, 100, 0, Verdict.CONVERGED),
            new Case(0, 101, 0, Verdict.CONTINUE),
            new Case(5, 5000, 2, Verdict.CONTINUE),
            new Case(5, 5000, 3, Verdict.STALLED),
            new Case(5, 50, 3, Verdict.CONVERGED),
            new Case(49, 5000, 0, Verdict.CONTINUE),
            new Case(50, 5000, 0, Verdict.EXHAUSTED),
            new Case(50, 5000, 3, Verdict.STALLED));
        for (Case c : cases) {
            assertThat(RULE.decide(c.rounds(), c.backlog(), c.stalled())).as("%s", c).isEqualTo(c.verdict());
        }
    }

    /** The verdicts catch-up reaches for a sequence of backlogs measured before each round. */
    private static List<String> run(Convergence rule, long... backlogs) {
        List<String> out = new ArrayList<>();
        int stalled = 0;
        for (int round = 0; round < backlogs.length; round++) {
            stalled = round > 0 && backlogs[round] >= backlogs[round - 1] ? stalled + 1 : 0;
            Verdict v = rule.decide(round, backlogs[round], stalled);
            out.add(v.name());
            if (v != Verdict.CONTINUE) {
                break;
            }
        }
        return out;
    }

    @Test
    void aShrinkingBacklogConvergesAndAStuckOneStallsAfterThreeRounds() {
        assertThat(run(RULE, 5000, 800, 90)).containsExactly("CONTINUE", "CONTINUE", "CONVERGED");
        assertThat(run(RULE, 5000, 900, 950, 960, 990)).containsExactly("CONTINUE", "CONTINUE", "CONTINUE",
            "CONTINUE", "STALLED");
        assertThat(run(RULE, 5000, 900, 950, 940, 960, 990, 990)).as("a round that shrank starts the count again")
            .containsExactly("CONTINUE", "CONTINUE", "CONTINUE", "CONTINUE", "CONTINUE", "CONTINUE", "STALLED");
        assertThat(run(RULE.maxRounds(2), 5000, 4000, 3000)).containsExactly("CONTINUE", "CONTINUE", "EXHAUSTED");
        assertThat(run(Convergence.backlogBelow(0).stalledFor(1), 3, 3)).containsExactly("CONTINUE", "STALLED");
    }

    @Test
    void refusesLimitsThatCouldNeverEnd() {
        assertThatThrownBy(() -> new Convergence(-1, 3, 50)).hasMessage("convergence: threshold -1, stalled rounds 3,"
            + " max rounds 50 (expected: threshold ≥ 0, rounds ≥ 1)");
        assertThatThrownBy(() -> RULE.maxRounds(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RULE.stalledFor(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
