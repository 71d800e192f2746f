package dev.horizon.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.horizon.autoscale.PredictivePolicy;
import dev.horizon.autoscale.WhatIf;
import dev.horizon.sizing.Resources;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Keeps {@code docs/autoscale.md} in step with the readers. */
class AutoscaleDocTest {

    private static final Path DOC = Path.of("..", "..", "docs", "autoscale.md");

    /** The body of the first fenced block of {@code language} after {@code heading}. */
    private static String block(String doc, String heading, String language) {
        int start = doc.indexOf("```" + language + "\n", doc.indexOf(heading)) + language.length() + 4;
        return doc.substring(start, doc.indexOf("```", start));
    }

    /** The first YAML example after {@code heading}, read as the autoscale block of a service with 2..20 instances. */
    private static AutoscaleConfig example(String heading) throws IOException {
        String example = block(Files.readString(DOC), heading, "yaml");
        ConfigNode document = WhatIfCaseFile.document(example, "autoscale.md");
        return AutoscaleSection.read(document.anyMap().require("autoscale"), 2, 20, Resources.UNLIMITED,
            SizingTest.TWO_CORES_8GI);
    }

    @Test
    void everyKeyHasARow() throws IOException {
        String doc = Files.readString(DOC);
        List<String> keys = Stream.of(AutoscaleSection.KEYS, AutoscaleSection.TOLERANCE_KEYS,
                AutoscaleSection.METRIC_KEYS, AutoscaleSection.BEHAVIOR_KEYS, AutoscaleSection.RULES_KEYS,
                AutoscaleSection.RATE_POLICY_KEYS, AutoscaleSection.STEP_KEYS, AutoscaleSection.ADJUSTMENT_KEYS,
                AutoscaleSection.SCHEDULE_KEYS, VerticalSection.KEYS, WhatIfCaseFile.KEYS, WhatIfCaseFile.INSTANCE_KEYS,
                WhatIfCaseFile.CPU_INSTANCE_KEYS, WhatIfCaseFile.HISTORY_KEYS, WhatIfCaseFile.EVENT_KEYS,
                WhatIfCaseFile.MACHINE_KEYS, PredictiveSection.KEYS)
            .flatMap(List::stream)
            .toList();

        for (String key : keys) {
            assertThat(doc).as(key).contains("\n| `" + key + "` |");
        }
        for (String type : AutoscaleSection.METRIC_TYPES) {
            assertThat(doc).as(type).contains("\n| `" + type + "` | `");
        }
    }

    @Test
    void configurationExampleReads() throws IOException {
        AutoscaleConfig c = example("## Configuration");

        assertThat(c.policy().metrics()).hasSize(5);
        assertThat(c.policy().steps()).hasSize(1);
        assertThat(c.policy().schedule()).hasSize(2);
        assertThat(c.sources()).hasSize(5);
    }

    @Test
    void predictiveExampleReads() throws IOException {
        AutoscaleConfig c = example("### `predictive`");

        assertThat(c.policy().predictive()).isEqualTo(PredictivePolicy.of("rps", 50)
            .withMode(PredictivePolicy.Mode.FORECAST_ONLY));
    }

    @Test
    void whatIfExamplePrintsWhatTheDocSays() throws IOException {
        String doc = Files.readString(DOC);
        String example = block(doc, "Example, `examples/what-if/", "yaml");
        String printed = block(doc, "\nprints\n", "json");

        WhatIf.Case c = WhatIfCaseFile.parse(example, "case.yaml", SizingTest.MACHINE).count();

        assertThat(WhatIf.evaluate(c).toJson() + "\n").isEqualTo(printed);
        assertThat(Files.readString(Path.of("..", "..", "examples", "what-if", "cpu-one-unready.yaml")))
            .endsWith(example);
    }

    @Test
    void twoDimensionWhatIfExamplePrintsWhatTheDocSays() throws IOException {
        String doc = Files.readString(DOC);
        String example = block(doc, "Example with two dimensions", "yaml");
        String printed = block(doc, "Example with two dimensions", "json");

        WhatIfCase c = WhatIfCaseFile.parse(example, "case.yaml", SizingTest.MACHINE);

        assertThat(WhatIf.evaluate(c.count(), c.strategy(), Objects.requireNonNull(c.vertical()), c.size()).toJson()
            + "\n").isEqualTo(printed);
    }
}
