package dev.horizon.config;

import dev.horizon.deploy.Allowance;
import dev.horizon.deploy.AnalysisSettings;
import dev.horizon.deploy.DeployConfig;
import dev.horizon.deploy.Step;
import dev.horizon.deploy.Strategy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A service's {@code deploy:} block of {@code horizon.yaml}, read into a {@link DeployConfig}; every key is documented
 * in {@code docs/deploy.md}. A service needs an {@code instances} block to have one ({@link ServiceSection}).
 */
final class DeploySection {

    static final List<String> KEYS = List.of("strategy", "steps", "analysis", "max-surge", "max-unavailable",
        "progress-deadline", "scale-down-delay", "auto-promote", "pre-promotion-analysis", "preview",
        "session-cookie");
    static final List<String> STEP_KEYS = List.of("weight", "pause");
    static final List<String> ANALYSIS_KEYS = List.of("interval", "failure-limit", "inconclusive-limit",
        "max-error-rate", "max-p99", "min-requests", "confidence", "max-latency-increase");
    static final List<String> PREVIEW_KEYS = List.of("header", "cookie");

    private DeploySection() {
    }

    /**
     * The {@code deploy:} block at {@code node}, with {@link DeployConfig#DEFAULTS} for what it leaves out.
     *
     * @throws ConfigException naming the line and key of the first problem
     */
    static DeployConfig read(ConfigNode node) {
        DeployConfig d = DeployConfig.DEFAULTS;
        ConfigMap m = node.map(KEYS);
        ConfigNode strategyNode = m.get("strategy");
        Strategy strategy = strategyNode == null ? d.strategy()
            : strategyNode.choice(List.of(Strategy.values()), Strategy::text);
        ConfigNode stepsNode = m.get("steps");
        List<Step> steps = stepsNode == null ? d.steps() : steps(stepsNode);
        ConfigNode analysisNode = m.get("analysis");
        AnalysisSettings analysis = analysisNode == null ? d.analysis() : analysis(analysisNode);
        Allowance maxSurge = allowance(m.get("max-surge"), d.maxSurge());
        Allowance maxUnavailable = allowance(m.get("max-unavailable"), d.maxUnavailable());
        Duration progressDeadline = m.duration("progress-deadline", d.progressDeadline());
        Duration scaleDownDelay = m.duration("scale-down-delay", d.scaleDownDelay());
        boolean autoPromote = m.bool("auto-promote", d.autoPromote());
        boolean prePromotion = m.bool("pre-promotion-analysis", d.prePromotionAnalysis());
        String header = d.previewHeader();
        String cookie = d.previewCookie();
        ConfigNode previewNode = m.get("preview");
        if (previewNode != null) {
            ConfigMap p = previewNode.map(PREVIEW_KEYS);
            header = p.build(() -> DeployConfig.requireName("header", p.text("header", d.previewHeader())));
            cookie = p.build(() -> DeployConfig.requireName("cookie", p.text("cookie", d.previewCookie())));
        }
        String sessionCookie = m.build(() -> DeployConfig.requireName("session-cookie",
            m.text("session-cookie", d.sessionCookie())));
        String previewHeader = header;
        String previewCookie = cookie;
        return m.build(() -> new DeployConfig(strategy, steps, analysis, maxSurge, maxUnavailable, progressDeadline,
            scaleDownDelay, autoPromote, prePromotion, previewHeader, previewCookie, sessionCookie));
    }

    /** {@code [ { weight: 5, pause: 1m }, { weight: 50 } ]}: weights in percent, at most 2 decimals. */
    private static List<Step> steps(ConfigNode node) {
        List<Step> steps = new ArrayList<>();
        for (ConfigNode item : node.list()) {
            if (!item.isMap()) {
                throw item.unexpected("a step like { weight: 5, pause: 1m }");
            }
            ConfigMap s = item.map(STEP_KEYS);
            int weight = s.require("weight").parse(Step::basisPoints);
            ConfigNode pauseNode = s.get("pause");
            Duration pause = pauseNode == null ? null : pauseNode.duration();
            steps.add(s.build(() -> new Step(weight, pause)));
        }
        return steps;
    }

    /** {@code analysis: off}, or the analysis settings with the defaults for what the mapping leaves out. */
    private static @Nullable AnalysisSettings analysis(ConfigNode node) {
        if (node.isScalar() && node.text().equals("off")) {
            return null;
        }
        if (!node.isMap()) {
            throw node.unexpected("a mapping, or off");
        }
        AnalysisSettings d = AnalysisSettings.DEFAULTS;
        ConfigMap m = node.map(ANALYSIS_KEYS);
        Duration interval = m.duration("interval", d.interval());
        int failureLimit = m.integer("failure-limit", d.failureLimit());
        int inconclusiveLimit = m.integer("inconclusive-limit", d.inconclusiveLimit());
        double maxErrorRate = m.decimal("max-error-rate", d.maxErrorRate());
        Duration maxP99 = m.duration("max-p99", d.maxP99());
        int minRequests = m.integer("min-requests", d.minRequests());
        double confidence = m.decimal("confidence", d.confidence());
        double maxLatencyIncrease = m.decimal("max-latency-increase", d.maxLatencyIncrease());
        return m.build(() -> new AnalysisSettings(interval, failureLimit, inconclusiveLimit, maxErrorRate, maxP99,
            minRequests, confidence, maxLatencyIncrease));
    }

    private static Allowance allowance(@Nullable ConfigNode node, Allowance absent) {
        return node == null ? absent : node.convert(Allowance::parse);
    }
}
