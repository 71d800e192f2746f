package dev.horizon.spelling;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SpellingTest {

    private static final List<String> KEYS = List.of("listen", "admin", "timeouts", "trusted-proxies",
        "max-connections", "drain-timeout", "io-threads", "access-log");

    @Test
    void suggestsWithinTwoEdits() {
        assertThat(Spelling.closest("listn", KEYS)).isEqualTo("listen");
        assertThat(Spelling.closest("timeout", KEYS)).isEqualTo("timeouts");
        assertThat(Spelling.closest("adnim", KEYS)).isEqualTo("admin");
    }

    @Test
    void suggestsTheKeyAnInputIsAPrefixOf() {
        assertThat(Spelling.closest("trusted", KEYS)).isEqualTo("trusted-proxies");
        assertThat(Spelling.closest("max", KEYS)).isEqualTo("max-connections");
    }

    @Test
    void suggestsNothingForUnrelatedOrTooShortInput() {
        assertThat(Spelling.closest("frontend", KEYS)).isNull();
        assertThat(Spelling.closest("ac", KEYS)).isNull();
        assertThat(Spelling.hint("frontend", KEYS)).isEmpty();
    }

    @Test
    void prefersTheClosestThenTheFirst() {
        assertThat(Spelling.closest("abc", List.of("abd", "abe"))).isEqualTo("abd");
        assertThat(Spelling.closest("abcd", List.of("abcdefgh", "abcx"))).isEqualTo("abcx");
        assertThat(Spelling.hint("helth", List.of("health"))).isEqualTo(" (did you mean 'health'?)");
    }
}
