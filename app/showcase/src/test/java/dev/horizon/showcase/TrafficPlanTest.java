package dev.horizon.showcase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

final class TrafficPlanTest {

    @Test
    void twoMinutesAtFortyEightShoppersRampSpikeAndCalm() {
        TrafficPlan plan = TrafficPlan.of(Duration.ofMinutes(2), 48);
        assertThat(plan.phases()).extracting(TrafficPlan.Phase::name).containsExactly("ramp", "spike", "calm");
        assertThat(plan.phases()).extracting(TrafficPlan.Phase::length)
            .containsExactly(Duration.ofSeconds(48), Duration.ofSeconds(36), Duration.ofSeconds(36));
        assertThat(plan.phases()).extracting(TrafficPlan.Phase::usersText).containsExactly("1→16", "48", "8");
        assertThat(plan.total()).isEqualTo(Duration.ofMinutes(2));
    }

    @Test
    void rampIsLinearAndPhasesFollowEachOther() {
        TrafficPlan plan = TrafficPlan.of(Duration.ofSeconds(100), 30);
        TrafficPlan.Phase ramp = plan.phaseAt(Duration.ZERO);
        assertThat(ramp.usersAt(Duration.ZERO)).isEqualTo(1);
        assertThat(ramp.usersAt(Duration.ofSeconds(20))).isEqualTo(6);
        assertThat(ramp.usersAt(Duration.ofSeconds(40))).isEqualTo(10);
        assertThat(plan.phaseAt(Duration.ofMillis(39_999)).name()).isEqualTo("ramp");
        assertThat(plan.phaseAt(Duration.ofSeconds(40)).name()).isEqualTo("spike");
        assertThat(plan.phaseAt(Duration.ofSeconds(70)).name()).isEqualTo("calm");
        assertThat(plan.phaseAt(Duration.ofSeconds(500)).name()).isEqualTo("calm");
        assertThat(plan.phaseAt(Duration.ofSeconds(70)).usersAt(Duration.ZERO)).isEqualTo(5);
    }

    @Test
    void oneShopperStillShopsInEveryPhase() {
        TrafficPlan plan = TrafficPlan.of(Duration.ofSeconds(10), 1);
        assertThat(plan.phases()).extracting(TrafficPlan.Phase::usersText).containsExactly("1", "1", "1");
        assertThatThrownBy(() -> TrafficPlan.of(Duration.ofSeconds(10), 0))
            .hasMessage("--users: 0 (expected: at least 1)");
    }
}
