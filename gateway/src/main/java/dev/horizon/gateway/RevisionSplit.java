package dev.horizon.gateway;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * How a service's requests are split between two revisions during a deployment: the endpoints labelled
 * {@link EndpointConfig#revision() stable} and those labelled {@code canary} form two subsets, each with its own
 * balancer, and every request goes to exactly one of them, chosen by the first rule that applies:
 * <ol>
 *   <li><b>preview</b>: header {@code previewHeader}, else cookie {@code previewCookie}, with the value
 *       {@code always} sends the request to the canary, {@code never} to the stable revision (any case; other values
 *       are ignored) — the NGINX Ingress controller's {@code canary-by-header} and {@code canary-by-cookie}
 *       convention. A preview has no fallback: a preview of a canary without a usable endpoint is answered 503;</li>
 *   <li><b>session</b>: a request with cookie {@code sessionCookie} goes to the canary iff a 64-bit hash of the
 *       cookie's value (salted with the canary's label) modulo 10,000 is below {@code canaryBasisPoints}, so a user
 *       stays on one revision while the weight holds, and when the weight grows only stable users move, to the
 *       canary, never back;</li>
 *   <li><b>interleave</b>: otherwise the service's n-th such request goes to the canary iff
 *       {@code floor((n+1)·w/10000) > floor(n·w/10000)} for {@code w = canaryBasisPoints}: every 10,000 requests in a
 *       row carry exactly {@code w} canary requests, however many endpoints each revision has (Argo Rollouts without
 *       a traffic router splits by replica counts, so 5 % over 2 replicas becomes 0 % or 50 %).</li>
 * </ol>
 * A session or interleave choice whose subset has no usable endpoint falls back to the other subset (counted). Weight
 * 0 sends everything but a preview of the canary to the stable revision, 10,000 everything but a preview of the stable
 * revision to the canary. Retries stay in the chosen subset; sticky sessions pin within it. Endpoints labelled
 * neither {@code stable} nor {@code canary} (unlabelled ones included) take no request while a split is set.
 *
 * @param stable            the label of the revision that serves today, not empty
 * @param canary            the label of the new revision, not empty and not {@code stable}
 * @param canaryBasisPoints the canary's share in basis points, 0..10000 (500 = 5 %)
 * @param previewHeader     the request header that forces a revision ({@code always}/{@code never}); empty for none
 * @param previewCookie     the cookie that forces a revision ({@code always}/{@code never}); empty for none
 * @param sessionCookie     the cookie whose value keeps a user on one revision; empty to interleave every request
 */
public record RevisionSplit(String stable, String canary, int canaryBasisPoints, String previewHeader,
    String previewCookie, String sessionCookie) {

    /** Basis points in the whole: a weight of {@value} sends everything to the canary. */
    public static final int ALL = 10_000;
    /** The preview header {@link #of} sets. */
    public static final String DEFAULT_PREVIEW_HEADER = "X-Horizon-Canary";
    /** The preview cookie {@link #of} sets. */
    public static final String DEFAULT_PREVIEW_COOKIE = "horizon_canary";

    private static final Pattern LABEL = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]*");
    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9!#$%&'*+.^_`|~-]+");

    /** Validates the components. */
    public RevisionSplit {
        Objects.requireNonNull(stable, "stable");
        Objects.requireNonNull(canary, "canary");
        Objects.requireNonNull(previewHeader, "previewHeader");
        Objects.requireNonNull(previewCookie, "previewCookie");
        Objects.requireNonNull(sessionCookie, "sessionCookie");
        if (!isLabel(stable)) {
            throw new IllegalArgumentException("split.stable: '" + stable + "' (expected: letters, digits, _ . -)");
        }
        if (!isLabel(canary)) {
            throw new IllegalArgumentException("split.canary: '" + canary + "' (expected: letters, digits, _ . -)");
        }
        if (stable.equals(canary)) {
            throw new IllegalArgumentException("split.canary: '" + canary + "' (expected: a revision other than "
                + "the stable one)");
        }
        if (canaryBasisPoints < 0 || canaryBasisPoints > ALL) {
            throw new IllegalArgumentException("split.weight: " + canaryBasisPoints + " basis points (expected: 0.."
                + ALL + ")");
        }
        requireTokenOrEmpty("split.preview-header", previewHeader);
        requireTokenOrEmpty("split.preview-cookie", previewCookie);
        requireTokenOrEmpty("split.session-cookie", sessionCookie);
    }

    /**
     * A split with the default preview header ({@value #DEFAULT_PREVIEW_HEADER}) and cookie
     * ({@value #DEFAULT_PREVIEW_COOKIE}) and no session cookie: requests are interleaved.
     */
    public static RevisionSplit of(String stable, String canary, int canaryBasisPoints) {
        return new RevisionSplit(stable, canary, canaryBasisPoints, DEFAULT_PREVIEW_HEADER, DEFAULT_PREVIEW_COOKIE,
            "");
    }

    /** This split with the canary's share set to {@code basisPoints}, the next step of a rollout. */
    public RevisionSplit withCanaryBasisPoints(int basisPoints) {
        return new RevisionSplit(stable, canary, basisPoints, previewHeader, previewCookie, sessionCookie);
    }

    /** This split keeping users on one revision by cookie {@code name} (empty: interleave). */
    public RevisionSplit withSessionCookie(String name) {
        return new RevisionSplit(stable, canary, canaryBasisPoints, previewHeader, previewCookie, name);
    }

    /** Whether {@code text} is a valid revision label. */
    static boolean isLabel(String text) {
        return LABEL.matcher(text).matches();
    }

    private static void requireTokenOrEmpty(String key, String value) {
        if (!value.isEmpty() && !TOKEN.matcher(value).matches()) {
            throw new IllegalArgumentException(key + ": '" + value + "' (expected: a header or cookie name token)");
        }
    }
}
