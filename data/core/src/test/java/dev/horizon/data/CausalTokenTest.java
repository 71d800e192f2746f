package dev.horizon.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

final class CausalTokenTest {

    @Test
    void readsAndWritesPostgresLsnText() {
        CausalToken t = CausalToken.parse("16/b374d848");
        assertThat(t.lsn()).isEqualTo(0x16_B374_D848L);
        assertThat(t).hasToString("16/B374D848");
        assertThat(CausalToken.parse("0/0").lsn()).isZero();
        assertThat(CausalToken.parse("FFFFFFFF/FFFFFFFF").lsn()).isEqualTo(-1L);
    }

    @Test
    void comparesAsUnsignedPositions() {
        CausalToken low = CausalToken.parse("0/10");
        CausalToken high = CausalToken.parse("FFFFFFFF/0");
        assertThat(low).isLessThan(high);
        assertThat(low.max(high)).isEqualTo(high);
        assertThat(high.isReplayedBy(low.lsn())).isFalse();
        assertThat(low.isReplayedBy(high.lsn())).isTrue();
        assertThat(low.isReplayedBy(low.lsn())).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "/", "16", "16/", "/16", "x/1", "1/-2", "+1/2", "123456789/0", "0/123456789", "1/2/3"})
    void refusesAnythingElse(String text) {
        assertThatThrownBy(() -> CausalToken.parse(text)).isInstanceOf(IllegalArgumentException.class)
            .hasMessage("causal token: '" + text + "' (expected: a pg_lsn like 16/B374D848)");
    }
}
