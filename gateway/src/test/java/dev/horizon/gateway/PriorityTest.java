package dev.horizon.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PriorityTest {

    @Test
    void highFillsTheLimitNormalLeavesATenthAndLowAFifthRoundedDown() {
        assertThat(Priority.HIGH.threshold(100)).isEqualTo(100);
        assertThat(Priority.NORMAL.threshold(100)).isEqualTo(90);
        assertThat(Priority.LOW.threshold(100)).isEqualTo(80);
        assertThat(Priority.NORMAL.threshold(10)).isEqualTo(9);
        assertThat(Priority.LOW.threshold(10)).isEqualTo(8);
        assertThat(Priority.NORMAL.threshold(9)).isEqualTo(9);
        assertThat(Priority.LOW.threshold(9)).isEqualTo(8);
        assertThat(Priority.LOW.threshold(4)).isEqualTo(4);
        assertThat(Priority.LOW.threshold(1)).isEqualTo(1);
        assertThat(Priority.NORMAL.label()).isEqualTo("normal");
    }
}
