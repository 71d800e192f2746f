package dev.horizon.deploy;

import dev.horizon.duration.DurationText;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * A service's {@code deploy:} block of {@code horizon.yaml}: how its next revision is rolled out. Each component is
 * the key of the same name in kebab-case; {@code docs/deploy.md} documents them.
 *
 * @param strategy         rolling, blue-green or canary (default rolling)
 * @param steps            the canary's steps (default 5% for 1m, 25% for 2m, 50%)
 * @param analysis         the canary's analysis and blue-green's pre-promotion analysis, or null when
 *                         {@code analysis: off} (default {@link AnalysisSettings#DEFAULTS})
 * @param maxSurge         rolling: instances allowed above the desired count (default 25%)
 * @param maxUnavailable   rolling: instances allowed to be not ready below it (default 0)
 * @param progressDeadline rolling: how long the update may go without progress before it is rolled back (default
 *                         600s, Kubernetes' {@code progressDeadlineSeconds})
 * @param scaleDownDelay   blue-green: how long the old revision stays after the switch (default 30s, Argo's)
 * @param autoPromote      blue-green: switch as soon as the preview passed (default true, Argo's
 *                         {@code autoPromotionEnabled})
 * @param prePromotionAnalysis blue-green: judge the new revision with {@code analysis} on its preview requests before
 *                         the switch (default false: previews are usually too few to judge, and an unjudged preview
 *                         would pause as inconclusive; Argo's {@code prePromotionAnalysis} is opt-in too)
 * @param previewHeader    a request header that picks the revision: {@code always} the new, {@code never} the stable
 *                         one (default {@code X-Canary})
 * @param previewCookie    a cookie that does the same (default {@code canary}, Flagger's {@code canary=always})
 * @param sessionCookie    the cookie whose hash keeps a user on one revision while the weight holds (default
 *                         {@code SHOP_SESSION}, the demo shop's session cookie)
 */
public record DeployConfig(Strategy strategy, List<Step> steps, @Nullable AnalysisSettings analysis,
                           Allowance maxSurge, Allowance maxUnavailable, Duration progressDeadline,
                           Duration scaleDownDelay, boolean autoPromote, boolean prePromotionAnalysis,
                           String previewHeader, String previewCookie, String sessionCookie) {

    /** An HTTP token (RFC 9110): what a header or cookie name may be. */
    private static final Pattern TOKEN = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");

    /** The default steps: 5% for a minute, 25% for two, then 50% until a passing analysis. */
    public static final List<Step> DEFAULT_STEPS = List.of(Step.of(500, Duration.ofMinutes(1)),
        Step.of(2500, Duration.ofMinutes(2)), Step.of(5000));
    /** Kubernetes' {@code progressDeadlineSeconds} default. */
    public static final Duration DEFAULT_PROGRESS_DEADLINE = Duration.ofMinutes(10);
    /** The default preview header. */
    public static final String DEFAULT_PREVIEW_HEADER = "X-Canary";
    /** The default preview cookie. */
    public static final String DEFAULT_PREVIEW_COOKIE = "canary";
    /** The default session cookie: the demo shop's ({@code ShopServer} names its session cookie so). */
    public static final String DEFAULT_SESSION_COOKIE = "SHOP_SESSION";
    /** The preview value that sends a request to the new revision. */
    public static final String ALWAYS = "always";
    /** The preview value that sends a request to the stable revision. */
    public static final String NEVER = "never";

    /** Every default (built last: it validates with the constants above). */
    public static final DeployConfig DEFAULTS = new DeployConfig(Strategy.ROLLING, DEFAULT_STEPS,
        AnalysisSettings.DEFAULTS, RollingBudget.DEFAULT_MAX_SURGE, RollingBudget.DEFAULT_MAX_UNAVAILABLE,
        DEFAULT_PROGRESS_DEADLINE, BlueGreenRun.DEFAULT_SCALE_DOWN_DELAY, true, false, DEFAULT_PREVIEW_HEADER,
        DEFAULT_PREVIEW_COOKIE, DEFAULT_SESSION_COOKIE);

    /** Validates, with messages that name the {@code horizon.yaml} keys. */
    public DeployConfig {
        steps = List.copyOf(steps);
        if (steps.isEmpty()) {
            throw new IllegalArgumentException("steps: empty (expected: at least one step, like { weight: 5, pause: "
                + "1m })");
        }
        if (maxSurge.isZero() && maxUnavailable.isZero()) {
            throw new IllegalArgumentException("max-unavailable: 0 with max-surge: 0 (expected: at least one above 0,"
                + " or no instance could be replaced)");
        }
        if (progressDeadline.isNegative() || progressDeadline.isZero()) {
            throw new IllegalArgumentException("progress-deadline: " + DurationText.format(progressDeadline)
                + " (expected: > 0s)");
        }
        if (scaleDownDelay.isNegative()) {
            throw new IllegalArgumentException("scale-down-delay: " + DurationText.format(scaleDownDelay)
                + " (expected: >= 0s)");
        }
        requireName("header", previewHeader);
        requireName("cookie", previewCookie);
        requireName("session-cookie", sessionCookie);
    }

    /**
     * {@code name}, checked to be a header or cookie name (an RFC 9110 token).
     *
     * @throws IllegalArgumentException {@code KEY: 'name' (expected: a name of letters, digits and -_.!#$%&'*+^`|~)}
     */
    public static String requireName(String key, String name) {
        if (!TOKEN.matcher(name).matches()) {
            throw new IllegalArgumentException(key + ": '" + name + "' (expected: a name of letters, digits and "
                + "-_.!#$%&'*+^`|~)");
        }
        return name;
    }

    /** The rolling update's budget: {@code max-surge} and {@code max-unavailable}. */
    public RollingBudget rollingBudget() {
        return new RollingBudget(maxSurge, maxUnavailable);
    }
}
