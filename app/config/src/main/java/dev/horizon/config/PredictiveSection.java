package dev.horizon.config;

import dev.horizon.autoscale.MetricSpec;
import dev.horizon.autoscale.MetricTarget;
import dev.horizon.autoscale.PredictivePolicy;
import dev.horizon.duration.DurationText;
import dev.horizon.spelling.Spelling;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * {@code autoscale.predictive} of {@code horizon.yaml}, read into a {@link PredictivePolicy}. Every key is documented
 * in {@code docs/autoscale.md}.
 *
 * <p>{@code metric} names the load the forecast is made of; {@code rps}, the gateway's requests per second for the
 * whole service, is the one there is. {@code target} defaults to the {@code target} of an {@code rps} metric under
 * {@code metrics} (the same requests per second per instance); without one it is required. {@code history} takes
 * whole days ({@code 15d}) as well as a duration ({@code 36h}).
 */
final class PredictiveSection {

    static final List<String> KEYS = List.of("mode", "metric", "target", "buffer", "history");
    /** The load metrics a forecast can be made of. */
    static final List<String> METRICS = List.of(PredictivePolicy.DEFAULT_METRIC);

    private static final Pattern DAYS = Pattern.compile("([0-9]{1,4})d");

    private PredictiveSection() {
    }

    /** The predictive policy of the {@code autoscale} block, null when it has no {@code predictive} key. */
    static @Nullable PredictivePolicy read(ConfigMap autoscale, List<MetricSpec> metrics) {
        ConfigNode node = autoscale.get("predictive");
        if (node == null) {
            return null;
        }
        ConfigMap m = node.map(KEYS);
        ConfigNode modeNode = m.get("mode");
        PredictivePolicy.Mode mode = modeNode == null ? PredictivePolicy.Mode.FORECAST_AND_SCALE
            : modeNode.choice(List.of(PredictivePolicy.Mode.values()), PredictivePolicy.Mode::text);
        String metric = metric(m.get("metric"));
        double target = target(m, metrics);
        Duration buffer = m.duration("buffer", PredictivePolicy.DEFAULT_BUFFER);
        ConfigNode historyNode = m.get("history");
        Duration history = historyNode == null ? PredictivePolicy.DEFAULT_HISTORY : history(historyNode);
        return m.build(() -> new PredictivePolicy(mode, metric, target, buffer, history));
    }

    private static String metric(@Nullable ConfigNode node) {
        if (node == null) {
            return PredictivePolicy.DEFAULT_METRIC;
        }
        String text = node.text();
        if (!METRICS.contains(text)) {
            String hint = Spelling.hint(text, METRICS);
            throw node.error("'" + text + "'" + (hint.isEmpty() ? " (expected: rps, the service's requests per "
                + "second at the gateway)" : hint));
        }
        return text;
    }

    /** {@code target}, else the target of an {@code rps} metric with a per-instance average. */
    private static double target(ConfigMap m, List<MetricSpec> metrics) {
        ConfigNode node = m.get("target");
        if (node != null) {
            double d = node.decimal();
            if (!(d > 0)) {
                throw node.error("'" + node.text() + "' (expected: a positive number)");
            }
            return d;
        }
        for (MetricSpec spec : metrics) {
            if (spec.name().equals("rps") && spec.target() instanceof MetricTarget.AverageValue a) {
                return a.value();
            }
        }
        throw m.node().error("missing key 'target' (expected: the requests per second one instance should carry; "
            + "it defaults to the target of an rps metric under metrics, and there is none)");
    }

    /** Whole days ({@code 15d}) or a duration ({@code 36h}). */
    private static Duration history(ConfigNode node) {
        String text = node.text();
        Matcher days = DAYS.matcher(text);
        if (days.matches()) {
            return Duration.ofDays(Long.parseLong(days.group(1)));
        }
        try {
            return DurationText.parse(text);
        } catch (IllegalArgumentException e) {
            throw node.error("'" + text + "' (expected: days like 15d, or a duration like 36h)");
        }
    }
}
