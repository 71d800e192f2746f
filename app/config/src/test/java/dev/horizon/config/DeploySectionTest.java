package dev.horizon.config;

import static dev.horizon.config.ConfigLoaderTest.parse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.horizon.deploy.Allowance;
import dev.horizon.deploy.AnalysisSettings;
import dev.horizon.deploy.DeployConfig;
import dev.horizon.deploy.Step;
import dev.horizon.deploy.Strategy;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.Test;

/** A service's {@code deploy} block: every key, its defaults, and the exact refusals. */
class DeploySectionTest {

    private static final String HEAD = """
        services:
          shop:
            instances: { command: [./run], min: 2 }
            deploy:
        """;

    private static DeployConfig deploy(String body) {
        ManagedService shop = parse(HEAD + body).managed().get("shop");
        assertThat(shop).isNotNull();
        return Objects.requireNonNull(shop).deploy();
    }

    @Test
    void everyKeyIsRead() {
        DeployConfig d = deploy("""
                  strategy: canary
                  steps: [ { weight: 2.5, pause: 30s }, { weight: 25, pause: 2m }, { weight: 50 } ]
                  analysis: { interval: 15s, failure-limit: 1, inconclusive-limit: 5, max-error-rate: 0.02,
                              max-p99: 800ms, min-requests: 100, confidence: 0.95, max-latency-increase: 0.5 }
                  max-surge: 2
                  max-unavailable: 10%
                  progress-deadline: 5m
                  scale-down-delay: 1m
                  auto-promote: false
                  pre-promotion-analysis: true
                  preview: { header: X-Preview, cookie: preview }
                  session-cookie: JSESSIONID
            """);

        assertThat(d).isEqualTo(new DeployConfig(Strategy.CANARY, List.of(Step.of(250, Duration.ofSeconds(30)),
            Step.of(2500, Duration.ofMinutes(2)), Step.of(5000)), new AnalysisSettings(Duration.ofSeconds(15), 1, 5,
            0.02, Duration.ofMillis(800), 100, 0.95, 0.5), Allowance.count(2), Allowance.percentOf(10),
            Duration.ofMinutes(5), Duration.ofMinutes(1), false, true, "X-Preview", "preview", "JSESSIONID"));
    }

    @Test
    void theIssueExampleReadsWithDefaultsForTheRest() {
        DeployConfig d = deploy("""
                  strategy: canary                       # rolling | blue-green | canary
                  steps: [ { weight: 5, pause: 1m }, { weight: 25, pause: 2m }, { weight: 50 } ]
                  analysis: { interval: 10s, failure-limit: 0, inconclusive-limit: 3, max-error-rate: 0.01,
                              max-p99: 500ms }
            """);

        assertThat(d).isEqualTo(new DeployConfig(Strategy.CANARY, DeployConfig.DEFAULT_STEPS,
            AnalysisSettings.DEFAULTS, Allowance.percentOf(25), Allowance.count(0), Duration.ofSeconds(600),
            Duration.ofSeconds(30), true, false, "X-Canary", "canary", "SHOP_SESSION"));
    }

    @Test
    void aServiceWithoutADeployBlockGetsTheDefaults() {
        ManagedService shop = parse("services:\n  shop:\n    instances: { command: [./run] }\n").managed().get("shop");

        assertThat(Objects.requireNonNull(shop).deploy()).isEqualTo(DeployConfig.DEFAULTS);
    }

    @Test
    void analysisCanBeTurnedOff() {
        assertThat(deploy("      analysis: off\n").analysis()).isNull();
        assertThat(deploy("      analysis: { max-p99: 1s }\n").analysis()).isEqualTo(new AnalysisSettings(
            Duration.ofSeconds(10), 0, 3, 0.01, Duration.ofSeconds(1), 50, 0.98, 0.25));
    }

    @Test
    void deployNeedsAnInstancesBlock() {
        assertThatThrownBy(() -> parse("services:\n  shop:\n    endpoints: [127.0.0.1:9001]\n    deploy: "
            + "{ strategy: canary }\n"))
            .hasMessage("horizon.yaml:4: services.shop.deploy: needs an 'instances' block: only instances Horizon "
                + "runs can be deployed");
    }

    @Test
    void badKeysAndValuesAreRefusedAtTheirLine() {
        assertThatThrownBy(() -> deploy("      strategy: canery\n"))
            .hasMessage("horizon.yaml:5: services.shop.deploy.strategy: 'canery' (did you mean 'canary'?)");
        assertThatThrownBy(() -> deploy("      stratgy: canary\n"))
            .hasMessage("horizon.yaml:5: unknown key 'stratgy' under services.shop.deploy (did you mean "
                + "'strategy'?)");
        assertThatThrownBy(() -> deploy("      steps: [ { weight: 2.555 } ]\n"))
            .hasMessage("horizon.yaml:5: services.shop.deploy.steps[0].weight: '2.555' (expected: a percentage "
                + "0..100 with at most 2 decimals, like 5 or 2.5)");
        assertThatThrownBy(() -> deploy("      steps: [ { weight: 120 } ]\n"))
            .hasMessage("horizon.yaml:5: services.shop.deploy.steps[0].weight: '120' (expected: 0..100)");
        assertThatThrownBy(() -> deploy("      steps: [ { pause: 1m } ]\n"))
            .hasMessage("horizon.yaml:5: services.shop.deploy.steps[0]: missing key 'weight'");
        assertThatThrownBy(() -> deploy("      steps: [ 5 ]\n"))
            .hasMessage("horizon.yaml:5: services.shop.deploy.steps[0]: '5' (expected: a step like { weight: 5, "
                + "pause: 1m })");
        assertThatThrownBy(() -> deploy("      steps: []\n"))
            .hasMessage("horizon.yaml:5: services.shop.deploy.steps: empty (expected: at least one step, like "
                + "{ weight: 5, pause: 1m })");
        assertThatThrownBy(() -> deploy("      steps: [ { weight: 5, wait: 1m } ]\n"))
            .hasMessage("horizon.yaml:5: unknown key 'wait' under services.shop.deploy.steps[0] (expected: weight, "
                + "pause)");
    }

    @Test
    void badAnalysisSettingsAreRefusedAtTheirKey() {
        assertThatThrownBy(() -> deploy("      analysis:\n        failure-limit: -1\n"))
            .hasMessage("horizon.yaml:6: services.shop.deploy.analysis.failure-limit: -1 (expected: >= 0)");
        assertThatThrownBy(() -> deploy("      analysis:\n        interval: 0s\n"))
            .hasMessage("horizon.yaml:6: services.shop.deploy.analysis.interval: '0s' (expected: > 0s)");
        assertThatThrownBy(() -> deploy("      analysis:\n        confidence: 98\n"))
            .hasMessage("horizon.yaml:6: services.shop.deploy.analysis.confidence: 98.0 (expected: between 0 and 1, "
                + "exclusive)");
        assertThatThrownBy(() -> deploy("      analysis: on\n"))
            .hasMessage("horizon.yaml:5: services.shop.deploy.analysis: 'on' (expected: a mapping, or off)");
        assertThatThrownBy(() -> deploy("      analysis: { max-p95: 1s }\n"))
            .hasMessage("horizon.yaml:5: unknown key 'max-p95' under services.shop.deploy.analysis (did you mean "
                + "'max-p99'?)");
    }

    @Test
    void badRollingBudgetsAreRefused() {
        assertThatThrownBy(() -> deploy("      max-surge: 25 %\n"))
            .hasMessage("horizon.yaml:5: services.shop.deploy.max-surge: '25 %' (expected: a count like 1, or a "
                + "percentage of the desired count like 25%)");
        assertThatThrownBy(() -> deploy("      max-unavailable: 150%\n"))
            .hasMessage("horizon.yaml:5: services.shop.deploy.max-unavailable: '150%' (expected: a count 0..10000 or "
                + "a percentage 0%..100%)");
        assertThatThrownBy(() -> deploy("      max-surge: 0\n      max-unavailable: 0%\n"))
            .hasMessage("horizon.yaml:6: services.shop.deploy.max-unavailable: 0 with max-surge: 0 (expected: at "
                + "least one above 0, or no instance could be replaced)");
        assertThatThrownBy(() -> deploy("      progress-deadline: 0s\n"))
            .hasMessage("horizon.yaml:5: services.shop.deploy.progress-deadline: '0s' (expected: > 0s)");
    }

    @Test
    void badNamesAreRefusedAtTheirKey() {
        assertThatThrownBy(() -> deploy("      preview: { cookie: \"can ary\" }\n"))
            .hasMessage("horizon.yaml:5: services.shop.deploy.preview.cookie: 'can ary' (expected: a name of "
                + "letters, digits and -_.!#$%&'*+^`|~)");
        assertThatThrownBy(() -> deploy("      session-cookie: \"a;b\"\n"))
            .hasMessage("horizon.yaml:5: services.shop.deploy.session-cookie: 'a;b' (expected: a name of letters, "
                + "digits and -_.!#$%&'*+^`|~)");
        assertThatThrownBy(() -> deploy("      auto-promote: yes\n"))
            .hasMessage("horizon.yaml:5: services.shop.deploy.auto-promote: 'yes' (expected: true or false)");
    }
}
