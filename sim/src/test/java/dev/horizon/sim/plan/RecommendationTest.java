package dev.horizon.sim.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.horizon.sizing.Cpu;
import dev.horizon.sizing.Memory;
import dev.horizon.sizing.Size;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which strategy the planner names, and the sentence it says. */
class RecommendationTest {

    private static final Clairvoyant.Bound BOUND = new Clairvoyant.Bound(1, 40, 3,
        new Size("m6i.large", Cpu.parse("2"), Memory.gibibytes(8), 0.096));
    private static final Recommendation.VerticalStop STOP = new Recommendation.VerticalStop("2000m", 240.4);

    private static PlanRow row(String name, double cost, long over, long failed) {
        return new PlanRow(name, cost, over, 1440, 1_000_000, failed, 4, "2000m", 40);
    }

    @Test
    void theCheapestThatMeetsTheSloWins() {
        Recommendation r = Recommendation.of(List.of(row("horizontal m6i.large", 70, 0, 0),
            row("vertical-first", 50, 14, 0), row("cheapest", 45, 15, 10_001)), BOUND, "p95 ≤ 300ms", 0.01, STOP);
        assertThat(r.strategy()).isEqualTo("vertical-first");
        assertThat(r.meetsSlo()).isTrue();
        assertThat(r.reason()).isEqualTo("vertical-first is the cheapest that keeps p95 ≤ 300ms: $50.00/month, 25% "
            + "above the clairvoyant bound ($40.00); horizontal m6i.large costs $70.00; vertical is cheaper up to "
            + "2000m — past 240 rps it scales out.");
    }

    @Test
    void overTheBudgetInMinutesOrInFailuresDoesNotMeetIt() {
        // 15 of 1440 minutes is over 1 %; so is 10,001 of a million requests
        assertThat(Recommendation.meets(row("a", 1, 14, 10_000), 0.01)).isTrue();
        assertThat(Recommendation.meets(row("a", 1, 15, 0), 0.01)).isFalse();
        assertThat(Recommendation.meets(row("a", 1, 0, 10_001), 0.01)).isFalse();
    }

    @Test
    void theVerticalSentenceIsOnlyForStrategiesThatSize() {
        Recommendation r = Recommendation.of(List.of(row("horizontal m6i.large", 70, 0, 0)), BOUND, "p95 ≤ 300ms",
            0.01, STOP);
        assertThat(r.reason()).isEqualTo("horizontal m6i.large is the cheapest that keeps p95 ≤ 300ms: $70.00/month,"
            + " 75% above the clairvoyant bound ($40.00).");
    }

    @Test
    void verticalAloneSaysWhereItStopsKeepingUp() {
        Recommendation r = Recommendation.of(List.of(row("vertical", 30, 0, 0)), BOUND, "p95 ≤ 300ms", 0.01, STOP);
        assertThat(r.reason()).endsWith("; it grows instances up to 2000m, which stop keeping up past 240 rps.");
    }

    @Test
    void whenNoneMeetsItTheClosestIsNamedAndSaidSo() {
        Recommendation r = Recommendation.of(List.of(row("horizontal", 70, 40, 5), row("predictive", 90, 20, 9),
            row("scheduled", 60, 20, 9)), BOUND, "p95 ≤ 300ms", 0.01, null);
        assertThat(r.strategy()).isEqualTo("scheduled");
        assertThat(r.meetsSlo()).isFalse();
        assertThat(r.reason()).startsWith("No strategy kept p95 ≤ 300ms within the budget of 1% of the minutes; "
            + "scheduled came closest with 20 minutes over and 9 failed requests at $60.00/month");
    }

    @Test
    void noRowsIsRefused() {
        assertThatThrownBy(() -> Recommendation.of(List.of(), BOUND, "p95 ≤ 300ms", 0.01, null))
            .hasMessage("rows: none (expected: at least one simulated strategy)");
    }
}
