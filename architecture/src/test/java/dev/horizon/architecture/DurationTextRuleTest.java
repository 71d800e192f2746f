package dev.horizon.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Issue 20: "one duration formatter; ISO text like {@code PT1M} never reaches a user message". Every module shows
 * durations through {@code dev.horizon.duration.DurationText}; {@link DurationToText} finds the places that do not.
 */
class DurationTextRuleTest {

    /**
     * Classes whose messages still show ISO durations, in modules being restructured on other branches (issue 20's
     * gateway and data work): each is to route its durations through {@code DurationText} and leave this list.
     */
    static final Set<String> PENDING = Set.of(
        "dev.horizon.gateway.GatewayConfig", "dev.horizon.gateway.Sticky", "dev.horizon.gateway.Timeouts",
        "dev.horizon.data.DataNode", "dev.horizon.data.RoutingDataSource$Builder",
        "dev.horizon.data.cache.CacheAside$Builder", "dev.horizon.data.shard.Resharder");

    private static String className(String place) {
        return place.substring(0, place.indexOf(':'));
    }

    @Test
    void noMainClassTurnsADurationIntoIsoText() {
        List<String> places = DurationToText.places(ModuleRulesTest.HORIZON);

        assertThat(places).filteredOn(p -> !PENDING.contains(className(p))).isEmpty();
        Set<String> stillPending = new TreeSet<>();
        places.forEach(p -> stillPending.add(className(p)));
        assertThat(stillPending).as("a class that no longer shows ISO durations leaves PENDING")
            .containsExactlyInAnyOrderElementsOf(PENDING);
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
