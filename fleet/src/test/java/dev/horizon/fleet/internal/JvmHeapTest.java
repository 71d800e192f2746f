package dev.horizon.fleet.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** The max heap a JVM fixes at start, as HotSpot computes it from its flags and the memory it sees. */
class JvmHeapTest {

    private static final long MI = 1L << 20;

    @Test
    void xmxIsTheMaxHeap() {
        assertThat(JvmHeap.maxBytes(List.of("/usr/bin/java", "-Xmx512m", "-jar", "shop.jar"), 4096 * MI))
            .isEqualTo(OptionalLong.of(512 * MI));
    }

    @Test
    void withoutXmxAQuarterOfTheMemoryItSawButAtLeastTheDefaultMaxHeap() {
        assertThat(JvmHeap.maxBytes(List.of("java", "-cp", "x", "Main"), 1024 * MI))
            .isEqualTo(OptionalLong.of(256 * MI));
        assertThat(JvmHeap.maxBytes(List.of("java", "Main"), 256 * MI)).isEqualTo(OptionalLong.of(130_862_280));
    }

    @Test
    void withLittleMemoryHalfOfIt() {
        assertThat(JvmHeap.maxBytes(List.of("java", "Main"), 200 * MI)).isEqualTo(OptionalLong.of(100 * MI));
    }

    @Test
    void maxRamPercentageAndMaxRamChangeTheShare() {
        assertThat(JvmHeap.maxBytes(List.of("java", "-XX:MaxRAMPercentage=75", "Main"), 1024 * MI))
            .isEqualTo(OptionalLong.of(768 * MI));
        assertThat(JvmHeap.maxBytes(List.of("java", "-XX:MaxRAM=200m", "Main"), 1024 * MI))
            .isEqualTo(OptionalLong.of(100 * MI));
    }

    @Test
    void theLastFlagWinsAndTheProgramsOwnArgumentsAreNotFlags() {
        assertThat(JvmHeap.maxBytes(List.of("java", "-Xmx1g", "-XX:MaxHeapSize=2g", "Main", "-Xmx8g"), 64 * MI))
            .isEqualTo(OptionalLong.of(2048 * MI));
    }

    @Test
    void anythingButJavaHasNoHeap() {
        assertThat(JvmHeap.maxBytes(List.of("/bin/sh", "-c", "java -Xmx1g Main"), 64 * MI)).isEmpty();
        assertThat(JvmHeap.maxBytes(List.of(), 64 * MI)).isEmpty();
    }

    @Test
    void readsPastTheValuesOfOptionsThatTakeOneToTheXmxAfterThem() {
        assertThat(JvmHeap.maxBytes(List.of("java", "-cp", "app.jar", "-Xmx512m", "Main"), 4096 * MI))
            .isEqualTo(OptionalLong.of(512 * MI));
        assertThat(JvmHeap.maxBytes(List.of("java", "-classpath", "a.jar", "--module-path", "mods", "--add-opens",
            "java.base/java.lang=ALL-UNNAMED", "-p", "more", "--add-modules", "m", "-Xmx1g", "Main"), 4096 * MI))
            .isEqualTo(OptionalLong.of(1024 * MI));
        assertThat(JvmHeap.maxBytes(List.of("java", "--class-path", "app.jar", "-XX:MaxHeapSize=300m", "Main"),
            4096 * MI)).isEqualTo(OptionalLong.of(300 * MI));
        assertThat(JvmHeap.maxBytes(List.of("java", "-cp", "app.jar", "-XX:MaxRAMPercentage=50", "Main"), 1024 * MI))
            .isEqualTo(OptionalLong.of(512 * MI));
    }

    @Test
    void theOptionsEndAtJarOrModuleAndTheirValueIsNotAFlag() {
        assertThat(JvmHeap.maxBytes(List.of("java", "-Xmx256m", "-jar", "-Xmx2g.jar", "-Xmx4g"), 4096 * MI))
            .isEqualTo(OptionalLong.of(256 * MI));
        assertThat(JvmHeap.maxBytes(List.of("java", "-Xmx256m", "-m", "shop/dev.Main", "-Xmx4g"), 4096 * MI))
            .isEqualTo(OptionalLong.of(256 * MI));
        assertThat(JvmHeap.maxBytes(List.of("java", "-Xmx256m", "--module=shop", "-Xmx4g"), 4096 * MI))
            .isEqualTo(OptionalLong.of(256 * MI));
    }
}
