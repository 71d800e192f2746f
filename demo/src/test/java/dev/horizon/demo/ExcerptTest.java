package dev.horizon.demo;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

final class ExcerptTest {

    @Test
    void keepsShortInputAndCutsLongInputAfterSixtyFourCharacters() {
        assertThat(Excerpt.of("SKU-999")).isEqualTo("SKU-999");
        assertThat(Excerpt.of("a".repeat(64))).isEqualTo("a".repeat(64));
        assertThat(Excerpt.of("a".repeat(65))).isEqualTo("a".repeat(64) + "…");
        assertThat(Excerpt.of("a".repeat(2_000_000))).isEqualTo("a".repeat(64) + "…");
    }

    @Test
    void neverSplitsASurrogatePair() {
        String s = "a".repeat(63) + "😀" + "b";
        assertThat(Excerpt.of(s)).isEqualTo("a".repeat(63) + "…");
    }
}
