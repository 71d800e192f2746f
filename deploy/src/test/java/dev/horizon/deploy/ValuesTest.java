package dev.horizon.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The value types: names, weights in basis points, validation messages that name the YAML keys. */
class ValuesTest {

    @Test
    void strategiesAndPhasesHaveTheirNames() {
        assertThat(Strategy.parse("blue-green")).isEqualTo(Strategy.BLUE_GREEN);
        assertThat(List.of(Strategy.values())).extracting(Strategy::text)
            .containsExactly("rolling", "blue-green", "canary");
        assertThat(List.of(Phase.values())).extracting(Phase::text)
            .containsExactly("progressing", "paused", "promoted", "aborted", "rolled-back");
        assertThatThrownBy(() -> Strategy.parse("canery")).isInstanceOf(IllegalArgumentException.class)
            .hasMessage("(expected: rolling, blue-green or canary)");
    }

    @Test
    void weightsArePercentagesWithAtMostTwoDecimals() {
        assertThat(Step.basisPoints("5")).isEqualTo(500);
        assertThat(Step.basisPoints("2.5")).isEqualTo(250);
        assertThat(Step.basisPoints("0.01")).isEqualTo(1);
        assertThat(Step.basisPoints("100")).isEqualTo(10_000);
        assertThat(Step.percent(250)).isEqualTo("2.5%");
        assertThat(Step.percent(10_000)).isEqualTo("100%");
        assertThat(Step.percent(0)).isEqualTo("0%");
        assertThatThrownBy(() -> Step.basisPoints("2.555")).isInstanceOf(IllegalArgumentException.class)
            .hasMessage("weight: '2.555' (expected: a percentage 0..100 with at most 2 decimals, like 5 or 2.5)");
        assertThatThrownBy(() -> Step.basisPoints("100.5")).isInstanceOf(IllegalArgumentException.class)
            .hasMessage("weight: '100.5' (expected: 0..100)");
    }

    @Test
    void stepsAreValidated() {
        assertThatThrownBy(() -> Step.of(10_001)).isInstanceOf(IllegalArgumentException.class)
            .hasMessage("weight: 100.01% (expected: 0..100)");
        assertThatThrownBy(() -> Step.of(500, Duration.ofSeconds(-5))).isInstanceOf(IllegalArgumentException.class)
            .hasMessage("pause: -5s (expected: >= 0s)");
    }

    @Test
    void analysisSettingsAreValidated() {
        AnalysisSettings d = AnalysisSettings.DEFAULTS;

        assertThat(d).isEqualTo(new AnalysisSettings(Duration.ofSeconds(10), 0, 3, 0.01, Duration.ofMillis(500), 50,
            0.98, 0.25));
        assertThat(d.alpha()).isEqualTo(1 - 0.98);
        assertThatThrownBy(() -> new AnalysisSettings(Duration.ZERO, 0, 3, 0.01, d.maxP99(), 50, 0.98, 0.25))
            .hasMessage("interval: 0s (expected: > 0s)");
        assertThatThrownBy(() -> new AnalysisSettings(d.interval(), -1, 3, 0.01, d.maxP99(), 50, 0.98, 0.25))
            .hasMessage("failure-limit: -1 (expected: >= 0)");
        assertThatThrownBy(() -> new AnalysisSettings(d.interval(), 0, 3, 1.5, d.maxP99(), 50, 0.98, 0.25))
            .hasMessage("max-error-rate: 1.5 (expected: 0..1)");
        assertThatThrownBy(() -> new AnalysisSettings(d.interval(), 0, 3, 0.01, d.maxP99(), 0, 0.98, 0.25))
            .hasMessage("min-requests: 0 (expected: >= 1)");
        assertThatThrownBy(() -> new AnalysisSettings(d.interval(), 0, 3, 0.01, d.maxP99(), 50, 1, 0.25))
            .hasMessage("confidence: 1.0 (expected: between 0 and 1, exclusive)");
    }

    @Test
    void theDefaultConfigIsARollingUpdateWithTheDocumentedValues() {
        DeployConfig d = DeployConfig.DEFAULTS;

        assertThat(d.strategy()).isEqualTo(Strategy.ROLLING);
        assertThat(d.steps()).containsExactly(Step.of(500, Duration.ofMinutes(1)), Step.of(2500,
            Duration.ofMinutes(2)), Step.of(5000));
        assertThat(d.rollingBudget().surge(4)).isEqualTo(1);
        assertThat(d.rollingBudget().unavailable(4)).isZero();
        assertThat(d.progressDeadline()).isEqualTo(Duration.ofSeconds(600));
        assertThat(d.scaleDownDelay()).isEqualTo(Duration.ofSeconds(30));
        assertThat(d.autoPromote()).isTrue();
        assertThat(d.prePromotionAnalysis()).isFalse();
        assertThat(List.of(d.previewHeader(), d.previewCookie(), d.sessionCookie()))
            .containsExactly("X-Canary", "canary", "SHOP_SESSION");
    }

    @Test
    void aCookieNameMustBeAToken() {
        DeployConfig d = DeployConfig.DEFAULTS;

        assertThatThrownBy(() -> new DeployConfig(d.strategy(), d.steps(), d.analysis(), d.maxSurge(),
            d.maxUnavailable(), d.progressDeadline(), d.scaleDownDelay(), true, false, d.previewHeader(), "can ary",
            d.sessionCookie())).hasMessage("cookie: 'can ary' (expected: a name of letters, digits and "
                + "-_.!#$%&'*+^`|~)");
    }
}
