package dev.horizon.sim.trace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Specs: which strings are specs, their parsing, and every refusal. */
class TracesTest {

    @Test
    void listsTheFourShapesInOrder() {
        assertThat(Traces.shapes()).extracting(TraceShape::name).containsExactly("daily", "flash-sale", "growth",
            "spike");
    }

    @Test
    void aBareWordBeforeTheColonIsASpecAnythingElseAPath() {
        assertThat(Traces.isSpec("daily")).isTrue();
        assertThat(Traces.isSpec("flash-sale:base=1.5,start=1h")).isTrue();
        assertThat(Traces.isSpec("dayly")).isTrue();
        assertThat(Traces.isSpec("traffic.csv")).isFalse();
        assertThat(Traces.isSpec("./traffic")).isFalse();
        assertThat(Traces.isSpec("/tmp/a:b.csv")).isFalse();
    }

    @Test
    void loadGeneratesASpec() {
        assertThat(Traces.load("flash-sale:base=100,multiplier=100,start=1h,length=30m,duration=3h"))
            .isEqualTo(Traces.generate("flash-sale"));
        assertThat(Traces.load("spike:")).isEqualTo(Traces.generate("spike"));
        assertThat(Traces.generate("spike: base = 5 , height=0")).isEqualTo(Traces.shape("spike")
            .generate(Map.of("base", "5", "height", "0")));
    }

    @Test
    void refusesAnUnknownShapeListingTheShapes() {
        assertThatThrownBy(() -> Traces.load("dayly")).hasMessage("unknown trace shape 'dayly' (expected: daily | "
            + "flash-sale | growth | spike, or a CSV file path with a / or a .) (did you mean 'daily'?)");
        assertThatThrownBy(() -> Traces.load("traffic")).hasMessage("unknown trace shape 'traffic' (expected: daily | "
            + "flash-sale | growth | spike, or a CSV file path with a / or a .)");
        assertThatThrownBy(() -> Traces.generate("flash:base=1")).hasMessageEndingWith("(did you mean 'flash-sale'?)");
    }

    @Test
    void refusesAnUnknownParameterListingTheShapesParameters() {
        assertThatThrownBy(() -> Traces.generate("flash-sale:multiplyer=5")).hasMessage("flash-sale: unknown "
            + "parameter 'multiplyer' (expected: base | multiplier | start | length | duration) "
            + "(did you mean 'multiplier'?)");
        assertThatThrownBy(() -> Traces.generate("daily:amplitude=5")).hasMessage("daily: unknown parameter "
            + "'amplitude' (expected: base | peak | peak-at | trough-at | noise | seed | duration)");
        assertThatThrownBy(() -> Traces.generate("growth:user=5")).hasMessage("growth: unknown parameter 'user' "
            + "(expected: users | factor | stages | stage | requests-per-user | peak-factor | peak-at | trough-at) "
            + "(did you mean 'users'?)");
    }

    @Test
    void refusesParametersNotWrittenNameEqualsValueOrGivenTwice() {
        assertThatThrownBy(() -> Traces.generate("spike:base")).hasMessage("spike: 'base' (expected: name=value)");
        assertThatThrownBy(() -> Traces.generate("spike:base=")).hasMessage("spike: 'base=' (expected: name=value)");
        assertThatThrownBy(() -> Traces.generate("spike:base=1,,height=2"))
            .hasMessage("spike: '' (expected: name=value)");
        assertThatThrownBy(() -> Traces.generate("spike:base=1,base=2")).hasMessage("spike: base given twice");
    }

    @Test
    void refusesBadNumbers() {
        assertThatThrownBy(() -> Traces.generate("flash-sale:base=-5"))
            .hasMessage("flash-sale: base: -5 (expected: 0 or more)");
        assertThatThrownBy(() -> Traces.generate("flash-sale:base=lots"))
            .hasMessage("flash-sale: base: lots (expected: a number like 100 or 0.5)");
        assertThatThrownBy(() -> Traces.generate("flash-sale:multiplier=0.5"))
            .hasMessage("flash-sale: multiplier: 0.5 (expected: 1 or more)");
        assertThatThrownBy(() -> Traces.generate("daily:peak=50"))
            .hasMessage("daily: peak: 50 (expected: 100 or more)");
        assertThatThrownBy(() -> Traces.generate("daily:noise=2")).hasMessage("daily: noise: 2 (expected: 0..1)");
        assertThatThrownBy(() -> Traces.generate("daily:seed=x"))
            .hasMessage("daily: seed: x (expected: a whole number)");
        assertThatThrownBy(() -> Traces.generate("growth:stages=11"))
            .hasMessage("growth: stages: 11 (expected: 1..10)");
        assertThatThrownBy(() -> Traces.generate("growth:stages=1.5"))
            .hasMessage("growth: stages: 1.5 (expected: 1..10)");
        assertThatThrownBy(() -> Traces.generate("growth:peak-factor=3"))
            .hasMessage("growth: peak-factor: 3 (expected: 1..2)");
        assertThatThrownBy(() -> Traces.generate("growth:users=0"))
            .hasMessage("growth: users: 0 (expected: 1 or more)");
    }

    @Test
    void refusesBadDurations() {
        assertThatThrownBy(() -> Traces.generate("flash-sale:start=1x"))
            .hasMessage("flash-sale: start: 1x (expected: a duration like 250ms, 2s, 5m, 1h)");
        assertThatThrownBy(() -> Traces.generate("flash-sale:start=1.5s"))
            .hasMessage("flash-sale: start: 1.5s (expected: whole seconds)");
        assertThatThrownBy(() -> Traces.generate("flash-sale:duration=0s"))
            .hasMessage("flash-sale: duration: 0s (expected: 1s..744h)");
        assertThatThrownBy(() -> Traces.generate("spike:duration=745h"))
            .hasMessage("spike: duration: 745h (expected: 1s..744h)");
        assertThatThrownBy(() -> Traces.generate("spike:length=0s"))
            .hasMessage("spike: length: 0s (expected: 1s..744h)");
    }

    @Test
    void refusesAStepPastTheEndAndTimesOfDayThatAreNot() {
        assertThatThrownBy(() -> Traces.generate("flash-sale:start=3h"))
            .hasMessage("flash-sale: start + length: 3h30m (expected: at most the duration, 3h)");
        assertThatThrownBy(() -> Traces.generate("daily:peak-at=24h"))
            .hasMessage("daily: peak-at: 24h (expected: 0s..23h59m59s, a time of day)");
        assertThatThrownBy(() -> Traces.generate("daily:trough-at=14h"))
            .hasMessage("daily: trough-at: 14h (expected: 0s..23h59m59s, a time of day other than peak-at)");
        assertThatThrownBy(() -> Traces.generate("growth:stage=300h"))
            .hasMessage("growth: stages × stage: 1200h (expected: at most 744h)");
    }

    @Test
    void everyParameterHasADefaultThatGenerates() {
        for (TraceShape shape : Traces.shapes()) {
            assertThat(shape.parameters()).as(shape.name()).allSatisfy(p -> assertThat(p.meaning()).isNotBlank());
            Map<String, String> defaults = new java.util.HashMap<>();
            shape.parameters().forEach(p -> defaults.put(p.name(), p.defaultValue()));
            assertThat(shape.generate(defaults)).as(shape.name()).isEqualTo(Traces.generate(shape.name()));
        }
    }
}
