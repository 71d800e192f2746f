package dev.horizon.sim.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.horizon.sim.model.CapacityModel;
import dev.horizon.sim.trace.Trace;
import dev.horizon.sizing.Cpu;
import dev.horizon.sizing.Memory;
import dev.horizon.sizing.Size;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The clairvoyant bound, computed by hand on small traces. */
class ClairvoyantTest {

    /** 10 ms of one core a request: 100 req/s per core. */
    private static final CapacityModel MODEL = CapacityModel.assumed("api", 10);
    private static final Size ONE = new Size("one", Cpu.parse("1"), Memory.gibibytes(1), 0.05);
    private static final Size FOUR = new Size("four", Cpu.parse("4"), Memory.gibibytes(4), 0.16);

    @Test
    void everySecondBuysTheCheapestCapacityForItsRate() {
        // 150 req/s: two of ONE (0.10/h) beat one FOUR (0.16/h); 350 req/s: one FOUR (0.16) beats four ONE (0.20)
        Trace trace = Trace.of(150, 350, 0);
        Clairvoyant.Bound b = Clairvoyant.of(trace, MODEL, List.of(ONE, FOUR), 1000);
        assertThat(b.cost()).isCloseTo((0.10 + 0.16 + 0) / 3600, within(1e-12));
        assertThat(b.perMonth()).isCloseTo((0.26 / 3600) / (3 / 3600.0) * 730, within(1e-9));
        assertThat(b.peakCount()).isEqualTo(2);
        assertThat(b.peakSize()).isEqualTo(FOUR);
    }

    @Test
    void aRateExactlyAtCapacityNeedsNoExtraInstance() {
        Clairvoyant.Bound b = Clairvoyant.of(Trace.of(100), MODEL, List.of(ONE), 1000);
        assertThat(b.peakCount()).isEqualTo(1);
    }

    @Test
    void theConcurrencyLimitCapsAnInstance() {
        // one request at a time takes 10 ms even on four cores: 100 req/s, so 350 req/s needs four of them
        assertThat(Clairvoyant.of(Trace.of(350), MODEL, List.of(FOUR), 1).peakCount()).isEqualTo(4);
        // with many in flight the four cores serve close to 400 req/s
        assertThat(Clairvoyant.of(Trace.of(350), MODEL, List.of(FOUR), 1000).peakCount()).isEqualTo(1);
    }

    @Test
    void noSizesIsRefused() {
        assertThatThrownBy(() -> Clairvoyant.of(Trace.of(1), MODEL, List.of(), 10))
            .hasMessage("sizes: none (expected: at least one size with a price)");
    }
}
