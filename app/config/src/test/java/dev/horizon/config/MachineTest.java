package dev.horizon.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.horizon.sizing.Cpu;
import dev.horizon.sizing.Memory;
import dev.horizon.sizing.Resources;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** This machine's size: the cores the JVM may use and {@code MemTotal}, rounded down to a mebibyte. */
class MachineTest {

    @TempDir
    Path dir;

    @Test
    void readsTheCoresGivenAndMemTotalRoundedDownToAMebibyte() throws IOException {
        Path meminfo = Files.writeString(dir.resolve("meminfo"), """
            MemTotal:        8039924 kB
            MemFree:          123456 kB
            """);

        assertThat(Machine.capacity(2, meminfo)).isEqualTo(new Resources(Cpu.millicores(2000),
            Memory.mebibytes(7851)));
    }

    @Test
    void withoutMeminfoTheMemoryHasNoCeiling() {
        assertThat(Machine.capacity(4, dir.resolve("missing"))).isEqualTo(new Resources(Cpu.millicores(4000), null));
    }

    @Test
    void thisMachineHasTheCoresTheJvmSees() {
        assertThat(Machine.capacity().cpu())
            .isEqualTo(Cpu.millicores(Runtime.getRuntime().availableProcessors() * 1000L));
    }
}
