package dev.horizon.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Properties;
import org.junit.jupiter.api.Test;

class NettyTuningTest {

    @Test
    void allowsUnsafeAndTurnsLeakDetectionOffByDefault() {
        Properties p = new Properties();
        NettyTuning.apply(p);
        assertThat(p).containsExactlyInAnyOrderEntriesOf(java.util.Map.of("io.netty.noUnsafe", "false",
            "io.netty.leakDetection.level", "disabled"));
    }

    @Test
    void settingsGivenOnTheCommandLineWin() {
        Properties p = new Properties();
        p.setProperty("io.netty.leakDetection.level", "paranoid");
        p.setProperty("io.netty.noUnsafe", "true");
        NettyTuning.apply(p);
        assertThat(p.getProperty("io.netty.leakDetection.level")).isEqualTo("paranoid");
        assertThat(p.getProperty("io.netty.noUnsafe")).isEqualTo("true");
    }
}
