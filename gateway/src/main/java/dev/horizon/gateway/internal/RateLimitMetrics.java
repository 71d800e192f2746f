package dev.horizon.gateway.internal;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;

/** The rate limits' counters in the Prometheus text format, one series per route with a limit. */
final class RateLimitMetrics {

    private RateLimitMetrics() {
    }

    static void render(Collection<RouteLimiter> limiters, StringBuilder out) {
        List<RouteLimiter> sorted = limiters.stream().sorted(Comparator.comparing(RouteLimiter::route)).toList();
        counter(out, sorted, "horizon_rate_limit_allowed_total", "Requests a rate limit admitted.", l -> l.allowed);
        counter(out, sorted, "horizon_rate_limit_limited_total", "Requests a rate limit answered with 429.",
            l -> l.limited);
        counter(out, sorted, "horizon_rate_limit_shadow_total",
            "Requests a shadow-mode rate limit would have answered with 429.", l -> l.shadow);
        counter(out, sorted, "horizon_rate_limit_redis_errors_total",
            "Global rate-limit decisions Redis failed or did not answer in time (decided by on-redis-down).",
            l -> l.redisErrors);
    }

    private static void counter(StringBuilder out, List<RouteLimiter> limiters, String name, String help,
        Function<RouteLimiter, LongAdder> value) {
        out.append("# HELP ").append(name).append(' ').append(help).append('\n')
            .append("# TYPE ").append(name).append(" counter\n");
        for (RouteLimiter l : limiters) {
            out.append(name).append("{route=").append(GatewayMetrics.label(l.route())).append("} ")
                .append(value.apply(l).sum()).append('\n');
        }
    }
}
