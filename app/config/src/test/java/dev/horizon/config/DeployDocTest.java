package dev.horizon.config;

import static dev.horizon.config.ConfigLoaderTest.parse;
import static org.assertj.core.api.Assertions.assertThat;

import dev.horizon.deploy.AnalysisSettings;
import dev.horizon.deploy.DeployConfig;
import dev.horizon.deploy.Strategy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Keeps {@code docs/deploy.md} in step with {@link DeploySection}. */
class DeployDocTest {

    private static final Path DOC = Path.of("..", "..", "docs", "deploy.md");

    @Test
    void everyKeyHasARow() throws IOException {
        String doc = Files.readString(DOC);
        List<String> keys = Stream.of(DeploySection.KEYS, DeploySection.STEP_KEYS, DeploySection.ANALYSIS_KEYS,
                DeploySection.PREVIEW_KEYS)
            .flatMap(List::stream)
            .toList();

        for (String key : keys) {
            assertThat(doc).as(key).contains("\n| `" + key + "` |");
        }
    }

    @Test
    void configurationExampleIsTheDefaultsButForTheStrategy() throws IOException {
        String doc = Files.readString(DOC);
        int start = doc.indexOf("```yaml\n", doc.indexOf("## Configuration")) + "```yaml\n".length();
        String example = doc.substring(start, doc.indexOf("```", start));

        ManagedService shop = parse("services:\n  shop:\n    instances: { command: [./run] }\n" + example).managed()
            .get("shop");

        DeployConfig d = DeployConfig.DEFAULTS;
        assertThat(Objects.requireNonNull(shop).deploy()).isEqualTo(new DeployConfig(Strategy.CANARY, d.steps(),
            AnalysisSettings.DEFAULTS, d.maxSurge(), d.maxUnavailable(), d.progressDeadline(), d.scaleDownDelay(),
            d.autoPromote(), d.prePromotionAnalysis(), d.previewHeader(), d.previewCookie(), d.sessionCookie()));
    }
}
