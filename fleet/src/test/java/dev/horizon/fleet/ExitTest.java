package dev.horizon.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ExitTest {

    @Test
    void describesExitCodesAndSignals() {
        assertThat(Exit.ofStatus(0)).hasToString("exited with code 0");
        assertThat(Exit.ofStatus(3)).hasToString("exited with code 3");
        assertThat(Exit.ofStatus(128)).hasToString("exited with code 128");
        assertThat(Exit.ofStatus(130)).hasToString("killed by SIGINT (exit code 130)");
        assertThat(Exit.ofStatus(137)).hasToString("killed by SIGKILL (exit code 137)");
        assertThat(Exit.ofStatus(143)).hasToString("killed by SIGTERM (exit code 143)");
        assertThat(Exit.ofStatus(144)).hasToString("exited with code 144");
        assertThat(Exit.withoutStatus("launch failed: x")).isEqualTo(new Exit(-1, "launch failed: x"));
    }
}
