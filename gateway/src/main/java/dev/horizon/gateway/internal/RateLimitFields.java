package dev.horizon.gateway.internal;

import dev.horizon.gateway.RateLimit;
import java.nio.charset.StandardCharsets;

/**
 * The words of a rate limit's answers: the {@code RateLimit-Policy} and {@code RateLimit} fields of
 * draft-ietf-httpapi-ratelimit-headers-10 and the 429's JSON body. The policy's name is the route's.
 *
 * <p>{@code t} is the whole seconds (rounded up) until the quota is whole again on an allowed answer, and until a
 * request would pass on a limited one, where it equals {@code Retry-After}: the draft has {@code Retry-After} never
 * point earlier than {@code t}.
 */
final class RateLimitFields {

    static final String RATELIMIT = "ratelimit";
    static final String RATELIMIT_POLICY = "ratelimit-policy";

    private final String name;
    private final String quotedName;
    private final String policy;

    RateLimitFields(String routeName, RateLimit limit) {
        this.name = routeName;
        this.quotedName = sfString(routeName);
        this.policy = quotedName + ";q=" + limit.requests() + ";w=" + limit.rate().windowSeconds();
    }

    /** The {@code RateLimit-Policy} value: {@code "name";q=REQUESTS;w=WINDOW_SECONDS}. */
    String policy() {
        return policy;
    }

    /** The {@code RateLimit} value: {@code "name";r=REMAINING;t=SECONDS}. */
    String rateLimit(long remaining, long seconds) {
        return quotedName + ";r=" + remaining + ";t=" + seconds;
    }

    /** The 429's body: {@code {"error":"rate limited","limit":"NAME","retry_after_s":N}}. */
    byte[] body(long retryAfterSeconds) {
        return ("{\"error\":\"rate limited\",\"limit\":" + Json.quote(name) + ",\"retry_after_s\":" + retryAfterSeconds
            + "}\n").getBytes(StandardCharsets.UTF_8);
    }

    /** The head fields of a 429, each line ending in CRLF. */
    String limitedFields(long retryAfterSeconds) {
        return "retry-after: " + retryAfterSeconds + "\r\n" + RATELIMIT_POLICY + ": " + policy + "\r\n" + RATELIMIT
            + ": " + rateLimit(0, retryAfterSeconds) + "\r\n";
    }

    /** Whole seconds, rounded up, of {@code amount} in units of {@code unitNanos}. */
    static long seconds(long amount, long unitNanos) {
        long perSecond = 1_000_000_000L / unitNanos;
        return (amount + perSecond - 1) / perSecond;
    }

    /** An RFC 8941 string: in quotes, with backslash and quote escaped (route names are printable ASCII). */
    private static String sfString(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
