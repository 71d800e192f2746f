package dev.horizon.config;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.horizon.sizing.Cpu;
import dev.horizon.sizing.Memory;
import dev.horizon.sizing.Resources;
import dev.horizon.sizing.SizeCatalog;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The machine a file's sizes are read against, and the words of a refusal past it. */
class SizingTest {

    /** The machine of the sizing tests: 2 cores, 8 GiB, the default catalogue. */
    static final Resources MACHINE = new Resources(Cpu.millicores(2000), Memory.gibibytes(8));
    static final Sizing TWO_CORES_8GI = new Sizing(SizeCatalog.defaults(), MACHINE);

    /** {@code yaml} loaded on {@link #MACHINE}. */
    static LoadedConfig parse(String yaml) {
        return ConfigLoader.parse(yaml, "horizon.yaml", Map.of(), null, MACHINE);
    }

    /** The {@code shop} service's node of {@code yaml}, for a refusal's path and line. */
    private static ConfigNode shop(String yaml) {
        return WhatIfCaseFile.document(yaml, "horizon.yaml").anyMap().require("shop");
    }

    @Test
    void aSizeWithinTheMachineFits() {
        assertThatCode(() -> TWO_CORES_8GI.requireFits(shop("shop: x\n"), "", Resources.of("2", "8Gi")))
            .doesNotThrowAnyException();
    }

    @Test
    void aSizePastTheMachineIsRefusedNamingEveryLimitItPasses() {
        assertThatThrownBy(() -> TWO_CORES_8GI.requireFits(shop("\nshop: x\n"), "", Resources.of("2001m", "9Gi")))
            .hasMessage("horizon.yaml:2: shop: cpu 2001m is more than this machine's 2000m and memory 9Gi is more "
                + "than this machine's 8Gi (the hardware limit: a bigger size needs a bigger machine, or more "
                + "instances)");
    }

    @Test
    void aMachineOfUnknownMemoryHasNoMemoryCeiling() {
        Sizing noMemory = new Sizing(SizeCatalog.defaults(), new Resources(Cpu.millicores(1000), null));
        Resources huge = new Resources(null, Memory.gibibytes(4096));

        assertThatCode(() -> noMemory.requireFits(shop("shop: x\n"), "", huge))
            .doesNotThrowAnyException();
    }
}
