package dev.horizon.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Issue 20: "one duration formatter; ISO text like {@code PT1M} never reaches a user message". Every module shows
 * durations through {@code dev.horizon.duration.DurationText}; {@link DurationToText} finds the places that do not.
 */
class DurationTextRuleTest {

    @Test
    void noMainClassTurnsADurationIntoIsoText() {
        List<String> places = DurationToText.places(ModuleRulesTest.HORIZON);

        assertThat(places).isEmpty();
    }

    @Test
    void aDurationConcatenatedIntoAMessageIsFound() {
        List<String> places = DurationToText.places(new ClassFileImporter()
            .importClasses(dev.horizon.autoscale.proof.PrintsADuration.class));

        assertThat(places).containsExactly(
            "dev.horizon.autoscale.proof.PrintsADuration:15 concatenates a Duration",
            "dev.horizon.autoscale.proof.PrintsADuration:20 concatenates a Duration",
            "dev.horizon.autoscale.proof.PrintsADuration:25 appends a Duration",
            "dev.horizon.autoscale.proof.PrintsADuration:30 calls Duration.toString()");
    }
}
