package dev.horizon.gateway.internal;

import dev.horizon.gateway.Priority;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/**
 * Load shedding in the Prometheus text format: requests in flight per service, and for services with a
 * {@code concurrency-limit} the limit now, the requests waiting in its queue and the requests shed by priority and
 * reason.
 */
final class SheddingMetrics {

    private SheddingMetrics() {
    }

    static void render(Collection<ServiceRuntime> services, StringBuilder out) {
        List<ServiceRuntime> sorted = services.stream().sorted(Comparator.comparing(ServiceRuntime::name)).toList();
        out.append("# HELP horizon_inflight Requests admitted to a service and not yet answered.\n")
            .append("# TYPE horizon_inflight gauge\n");
        for (ServiceRuntime s : sorted) {
            out.append("horizon_inflight{service=").append(GatewayMetrics.label(s.name())).append("} ")
                .append(s.activeRequests()).append('\n');
        }
        List<ServiceAdmission> gates = sorted.stream().map(ServiceRuntime::admission)
            .filter(java.util.Objects::nonNull).map(java.util.Objects::requireNonNull).toList();
        out.append("# HELP horizon_concurrency_limit The requests a service may have in flight now.\n")
            .append("# TYPE horizon_concurrency_limit gauge\n");
        for (ServiceAdmission g : gates) {
            out.append("horizon_concurrency_limit{service=").append(GatewayMetrics.label(g.service())).append("} ")
                .append(g.limit()).append('\n');
        }
        out.append("# HELP horizon_queued Requests waiting for a place under a service's concurrency limit.\n")
            .append("# TYPE horizon_queued gauge\n");
        for (ServiceAdmission g : gates) {
            out.append("horizon_queued{service=").append(GatewayMetrics.label(g.service())).append("} ")
                .append(g.queued()).append('\n');
        }
        out.append("# HELP horizon_shed_total Requests answered 503 by a service's concurrency limit.\n")
            .append("# TYPE horizon_shed_total counter\n");
        for (ServiceAdmission g : gates) {
            for (Priority p : Priority.values()) {
                for (ServiceAdmission.Reason r : ServiceAdmission.Reason.values()) {
                    out.append("horizon_shed_total{service=").append(GatewayMetrics.label(g.service()))
                        .append(",priority=\"").append(p.label()).append("\",reason=\"").append(r.label)
                        .append("\"} ").append(g.shed(p, r)).append('\n');
                }
            }
        }
    }
}
