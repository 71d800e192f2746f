package dev.horizon.sizing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class SizeCatalogTest {

    private static final Size SMALL = new Size("small", Cpu.millicores(500), Memory.mebibytes(512), 0.01);
    private static final Size MEDIUM = new Size("medium", Cpu.millicores(1000), Memory.gibibytes(1), 0.02);
    private static final Size WIDE = new Size("wide", Cpu.millicores(1000), Memory.gibibytes(4), 0.05);
    private static final Size LARGE = new Size("large", Cpu.millicores(2000), Memory.gibibytes(2), 0.04);

    @Test
    void ordersByCpuThenMemoryWhateverTheFileOrder() {
        SizeCatalog c = SizeCatalog.of(List.of(LARGE, WIDE, SMALL, MEDIUM));
        assertThat(c.sizes()).containsExactly(SMALL, MEDIUM, WIDE, LARGE);
        assertThat(c.names()).isEqualTo("small, medium, wide, large");
    }

    @Test
    void stepsToTheNextLargerAndSmallerSize() {
        SizeCatalog c = SizeCatalog.of(List.of(SMALL, MEDIUM, WIDE, LARGE));
        assertThat(c.larger(SMALL)).contains(MEDIUM);
        assertThat(c.larger(MEDIUM)).contains(WIDE);
        assertThat(c.larger(LARGE)).isEmpty();
        assertThat(c.smaller(LARGE)).contains(WIDE);
        assertThat(c.smaller(SMALL)).isEmpty();
    }

    @Test
    void refusesADuplicateName() {
        assertThatThrownBy(() -> SizeCatalog.of(List.of(SMALL, new Size("small", Cpu.millicores(10),
            Memory.mebibytes(64), 0)))).hasMessage("size 'small' is defined twice");
    }

    @Test
    void keepsOnlyWhatFitsUnderACeiling() {
        SizeCatalog c = SizeCatalog.of(List.of(SMALL, MEDIUM, WIDE, LARGE));
        assertThat(c.within(Resources.of("1", "2Gi")).sizes()).containsExactly(SMALL, MEDIUM);
        assertThat(LARGE.resources().over(Resources.of("1", "1Gi"), "this machine's"))
            .containsExactly("cpu 2000m is more than this machine's 1000m",
                "memory 2Gi is more than this machine's 1Gi");
    }

    @Test
    void shipsTheSeedsAwsFiguresPerMonth() {
        SizeCatalog d = SizeCatalog.defaults();
        assertThat(d.named("t3.micro").orElseThrow().pricePerMonth()).isCloseTo(7.59, org.assertj.core.data.Offset
            .offset(0.01));
        assertThat(Math.round(d.named("t3.large").orElseThrow().pricePerMonth())).isEqualTo(61);
        assertThat(Math.round(d.named("m6i.xlarge").orElseThrow().pricePerMonth())).isEqualTo(140);
        assertThat(Math.round(d.named("m6i.4xlarge").orElseThrow().pricePerMonth())).isEqualTo(561);
        assertThat(Math.round(d.named("r6i.16xlarge").orElseThrow().pricePerMonth())).isEqualTo(3200);
        assertThat(d.sizes().getFirst().name()).isEqualTo("t3.micro");
    }

    @Test
    void policiesReadAndPrintAsTheFileWritesThem() {
        assertThat(ResizePolicy.parse("in-place")).isEqualTo(ResizePolicy.IN_PLACE);
        assertThat(ResizePolicy.RESTART.text()).isEqualTo("restart");
        assertThatThrownBy(() -> ResizePolicy.parse("inplace")).hasMessage("(expected: in-place or restart)");
    }
}
