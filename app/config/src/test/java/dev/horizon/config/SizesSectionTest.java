package dev.horizon.config;

import static dev.horizon.config.SizingTest.parse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.horizon.sizing.Cpu;
import dev.horizon.sizing.Memory;
import dev.horizon.sizing.Size;
import dev.horizon.sizing.SizeCatalog;
import java.util.Objects;
import org.junit.jupiter.api.Test;

/** The top-level {@code sizes:} catalogue, which replaces the default one. */
class SizesSectionTest {

    private static final String SIZES = """
        sizes:
          - { name: big, cpu: 1, memory: 1Gi, price-per-hour: 0.02 }
          - { name: small, cpu: 500m, memory: 512Mi, price-per-hour: 0.01 }
          - { name: huge, cpu: 64, memory: 512Gi, price-per-hour: 4.384 }
        """;

    @Test
    void withoutSizesTheDefaultCatalogueApplies() {
        assertThat(parse("services: {}\n").sizes()).isSameAs(SizeCatalog.defaults());
    }

    @Test
    void aListReplacesTheDefaultsSmallestFirstAndMayHoldSizesPastTheMachine() {
        LoadedConfig loaded = parse(SIZES + "services:\n  shop:\n    instances: { command: [x], size: small }\n");

        assertThat(loaded.sizes().sizes()).containsExactly(
            new Size("small", Cpu.millicores(500), Memory.mebibytes(512), 0.01),
            new Size("big", Cpu.millicores(1000), Memory.gibibytes(1), 0.02),
            new Size("huge", Cpu.millicores(64_000), Memory.gibibytes(512), 4.384));
        assertThat(Objects.requireNonNull(loaded.managed().get("shop")).instances().size())
            .isEqualTo(new Size("small", Cpu.millicores(500), Memory.mebibytes(512), 0.01));
    }

    @Test
    void aDefaultSizeIsUnknownOnceTheFileListsItsOwn() {
        assertThatThrownBy(() -> parse(SIZES + "services:\n  shop:\n    instances: { command: [x], size: t3.micro }\n"))
            .hasMessage("horizon.yaml:7: services.shop.instances.size: 't3.micro' (expected: a size of the "
                + "catalogue: small, big, huge)");
    }

    @Test
    void badSizesAreRefusedAtTheirKey() {
        assertThatThrownBy(() -> parse("sizes:\n  - { name: a, cpu: 1, memory: 1Gi, price-per-hour: 1 }\n"
                + "  - { name: a, cpu: 2, memory: 2Gi, price-per-hour: 2 }\n"))
            .hasMessage("horizon.yaml:3: sizes[1].name: 'a' again (first at line 2)");
        assertThatThrownBy(() -> parse("sizes:\n  - { name: a, cpu: 1, memory: 1Gi }\n"))
            .hasMessage("horizon.yaml:2: sizes[0]: missing key 'price-per-hour'");
        assertThatThrownBy(() -> parse("sizes:\n  - { name: a, cpu: 1, memory: 1Gi, price-per-hour: -1 }\n"))
            .hasMessage("horizon.yaml:2: sizes[0].price-per-hour: '-1' (expected: dollars per hour, 0 or more)");
        assertThatThrownBy(() -> parse("sizes:\n  - { name: -a, cpu: 1, memory: 1Gi, price-per-hour: 1 }\n"))
            .hasMessage("horizon.yaml:2: sizes[0].name: '-a' (expected: letters, digits, '.', '_', '-', starting "
                + "with a letter or digit)");
        assertThatThrownBy(() -> parse("sizes:\n  - { name: a, cpu: 1, memory: 1, price-per-hour: 1 }\n"))
            .hasMessage("horizon.yaml:2: sizes[0].memory: '1' (expected: at least 4Mi)");
        assertThatThrownBy(() -> parse("sizes:\n  - { name: a, cpu: 1, memory: 1Gi, price: 1 }\n"))
            .hasMessage("horizon.yaml:2: unknown key 'price' under sizes[0] (did you mean 'price-per-hour'?)");
        assertThatThrownBy(() -> parse("sizes: []\n"))
            .hasMessage("horizon.yaml:1: sizes: empty (expected: at least one size, or no 'sizes' for the default "
                + "catalogue)");
    }
}
