package dev.horizon.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

final class MetricLinesTest {

    @Test
    void valuesAsTheTextFormatSpellsThemAndLabelValuesEscaped() {
        String text = new MetricLines().family("m", "gauge", "A help with \\ and\na newline.")
            .sample("m", 3)
            .sample("m", 0.25, "a", "say \"hi\"\\now")
            .sample("m", 1e-4, "a", "line\nbreak")
            .sample("m", Double.NaN)
            .sample("m", Double.POSITIVE_INFINITY)
            .sample("m", Double.NEGATIVE_INFINITY)
            .toString();

        assertThat(text).isEqualTo("""
            # HELP m A help with \\\\ and\\na newline.
            # TYPE m gauge
            m 3
            m{a="say \\"hi\\"\\\\now"} 0.25
            m{a="line\\nbreak"} 1.0E-4
            m NaN
            m +Inf
            m -Inf
            """);
        assertThatThrownBy(() -> new MetricLines().sample("m", 1, "a")).hasMessage(
            "labels come in name, value pairs: 1 strings");
    }
}
