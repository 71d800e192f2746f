package dev.horizon.gateway.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RequestLimitsTest {

    @Test
    void defaultsAreEightKibLineThirtyTwoKibAndOneHundredFieldsFourKibChunkLine() {
        assertThat(RequestLimits.DEFAULTS).isEqualTo(new RequestLimits(8192, 32768, 100, 4096));
    }

    @Test
    void namesTheSettingTheValueAndWhatWasExpected() {
        assertThatThrownBy(() -> new RequestLimits(8192, 0, 100, 4096))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessage("max-header-bytes: 0 (expected: >= 1024)");
        assertThatThrownBy(() -> new RequestLimits(255, 32768, 100, 4096))
            .hasMessage("max-request-line-bytes: 255 (expected: >= 256)");
        assertThatThrownBy(() -> new RequestLimits(8192, 32768, 0, 4096))
            .hasMessage("max-header-count: 0 (expected: >= 1)");
        assertThatThrownBy(() -> new RequestLimits(8192, 32768, 100, -1))
            .hasMessage("max-chunk-size-line-bytes: -1 (expected: >= 64)");
    }
}
