package dev.horizon.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class CountOrPercentTest {

    @Test
    void twentyFivePercentRoundsUpAndIsNeverBelowOne() {
        CountOrPercent share = CountOrPercent.percentOf(25);

        assertThat(IntStream.of(0, 1, 2, 3, 4, 5, 8, 9, 100).map(share::of))
            .containsExactly(1, 1, 1, 1, 1, 2, 2, 3, 25);
    }

    @Test
    void aCountIsTheCountWhateverTheTotal() {
        assertThat(IntStream.of(1, 2, 10).map(CountOrPercent.count(2)::of)).containsExactly(2, 2, 2);
    }

    @Test
    void spellsItselfAsTheConfigDoesAndRefusesOutOfRangeValues() {
        assertThat(CountOrPercent.percentOf(25)).hasToString("25%");
        assertThat(CountOrPercent.count(3)).hasToString("3");
        assertThatThrownBy(() -> CountOrPercent.percentOf(0)).hasMessage(
            "max-unhealthy-replacements: 0% (expected: a count 1..1000 or a percentage 1%..100%)");
        assertThatThrownBy(() -> CountOrPercent.percentOf(101)).hasMessage(
            "max-unhealthy-replacements: 101% (expected: a count 1..1000 or a percentage 1%..100%)");
        assertThatThrownBy(() -> CountOrPercent.count(0)).hasMessage(
            "max-unhealthy-replacements: 0 (expected: a count 1..1000 or a percentage 1%..100%)");
    }
}
