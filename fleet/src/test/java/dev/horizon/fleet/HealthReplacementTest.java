package dev.horizon.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/** When replacement for failing health pauses: only when every instance answers its probe with the same failure. */
class HealthReplacementTest {

    private static @Nullable String pause(@Nullable String... failures) {
        List<@Nullable String> list = Arrays.asList(failures);
        return HealthReplacement.pause(list);
    }

    @Test
    void everyInstanceAnsweringTheSameFailingStatusPauses() {
        assertThat(pause("status 503", "status 503"))
            .isEqualTo("replacement paused: all 2 instances fail health the same way (status 503)");
    }

    @Test
    void instancesThatAllRefuseConnectionsOrAllTimeOutAreReplaced() {
        assertThat(pause("Connection refused", "Connection refused")).as("dead listeners").isNull();
        assertThat(pause("timed out after 1000ms", "timed out after 1000ms")).as("hung, e.g. deadlocked").isNull();
    }

    @Test
    void differentFailuresAHealthyInstanceOrASingleInstanceDoNotPause() {
        assertThat(pause("status 503", "status 500")).isNull();
        assertThat(pause("status 503", null)).isNull();
        assertThat(pause("status 503")).isNull();
    }
}
