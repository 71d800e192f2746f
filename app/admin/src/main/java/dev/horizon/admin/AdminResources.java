package dev.horizon.admin;

import static dev.horizon.admin.AdminResponses.TEXT;
import static dev.horizon.admin.AdminResponses.error;
import static dev.horizon.admin.AdminResponses.json;
import static dev.horizon.admin.AdminResponses.text;

import com.fasterxml.jackson.databind.JsonNode;
import dev.horizon.control.ManagedControl;
import dev.horizon.gateway.CertificateStatus;
import dev.horizon.gateway.Gateway;
import dev.horizon.gateway.ServicesView;
import dev.horizon.gateway.TcpListenerStatus;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * What each admin resource answers once {@link AdminServer} has let the request through: the services, metrics and
 * managed views, the rollout and the recorded trace for a {@code GET}, and drain, weight, scale, resize, deploy,
 * rollout commands and reload for an
 * authenticated {@code POST}.
 */
final class AdminResources {

    private static final Pattern ENDPOINT_ACTION =
        Pattern.compile("/admin/services/([^/]+)/endpoints/([^/]+)/(drain|weight)");
    private static final Pattern SCALE = Pattern.compile("/admin/services/([^/]+)/(scale|resize)");
    private static final Pattern MANAGED_VIEW = Pattern.compile("/admin/services/([^/]+)/(decisions|instances|data)");
    private static final Pattern TRACE = Pattern.compile("/admin/services/([^/]+)/trace");

    private final Supplier<Gateway> gateway;
    private final AdminServer.Reloader reloader;
    private final Function<String, @Nullable ManagedControl> managed;

    AdminResources(Supplier<Gateway> gateway, AdminServer.Reloader reloader,
        Function<String, @Nullable ManagedControl> managed) {
        this.gateway = gateway;
        this.reloader = reloader;
        this.managed = managed;
    }

    /** The one method a resource answers, or null when there is no such resource. */
    static @Nullable HttpMethod allowedMethod(String path) {
        return switch (path) {
            case "/admin/services", "/metrics", "/admin", "/admin/history", DashboardEvents.PATH -> HttpMethod.GET;
            case "/admin/reload" -> HttpMethod.POST;
            default -> DashboardAssets.serves(path) || MANAGED_VIEW.matcher(path).matches()
                || TRACE.matcher(path).matches() || RolloutResource.VIEW.matcher(path).matches() ? HttpMethod.GET
                : SCALE.matcher(path).matches() || ENDPOINT_ACTION.matcher(path).matches()
                || RolloutResource.ACTION.matcher(path).matches() ? HttpMethod.POST : null;
        };
    }

    FullHttpResponse get(FullHttpRequest request, String path) {
        if (DashboardAssets.serves(path)) {
            return DashboardAssets.get(path);
        }
        boolean asText = "text".equals(query(request, "format"));
        Matcher view = MANAGED_VIEW.matcher(path);
        if (view.matches()) {
            return managedView(QueryStringDecoder.decodeComponent(view.group(1)), view.group(2), asText);
        }
        Matcher rollout = RolloutResource.VIEW.matcher(path);
        if (rollout.matches()) {
            String service = QueryStringDecoder.decodeComponent(rollout.group(1));
            ManagedControl control = managed.apply(service);
            return control == null ? notManaged(service) : RolloutResource.get(control, asText);
        }
        Matcher trace = TRACE.matcher(path);
        if (trace.matches()) {
            return TraceResource.get(gateway.get().services(), QueryStringDecoder.decodeComponent(trace.group(1)),
                query(request, "since"), query(request, "last"));
        }
        return switch (path) {
            case "/admin/services" -> asText ? text(statusText(), TEXT)
                : json(HttpResponseStatus.OK, AdminJson.services(gateway.get().services().list(),
                    gateway.get().tcpListeners(), gateway.get().certificates()));
            case "/metrics" -> text(gateway.get().metricsText(), "text/plain; version=0.0.4; charset=utf-8");
            case "/admin/history" -> json(HttpResponseStatus.OK, new DashboardJson(gateway.get(), managed).history());
            default -> text("Horizon admin API: GET /admin/services, GET /metrics; the dashboard: GET /\n", TEXT);
        };
    }

    FullHttpResponse post(FullHttpRequest request, String path) {
        String body = request.content().toString(StandardCharsets.UTF_8).trim();
        if (path.equals("/admin/reload")) {
            try {
                reloader.reload();
                return json(HttpResponseStatus.OK, AdminJson.object(json -> json.writeBooleanField("reloaded", true)));
            } catch (RuntimeException e) {
                return error(HttpResponseStatus.BAD_REQUEST, String.valueOf(e.getMessage()));
            }
        }
        Matcher scale = SCALE.matcher(path);
        if (scale.matches()) {
            String service = QueryStringDecoder.decodeComponent(scale.group(1));
            boolean asText = "text".equals(query(request, "format"));
            return scale.group(2).equals("scale") ? scale(service, body, asText) : resize(service, body, asText);
        }
        Matcher action = RolloutResource.ACTION.matcher(path);
        if (action.matches()) {
            String service = QueryStringDecoder.decodeComponent(action.group(1));
            ManagedControl control = managed.apply(service);
            return control == null ? notManaged(service) : RolloutResource.post(control, service, action.group(2),
                body);
        }
        Matcher m = ENDPOINT_ACTION.matcher(path);
        if (!m.matches()) {
            return error(HttpResponseStatus.NOT_FOUND, "no such admin resource: " + path);
        }
        String service = QueryStringDecoder.decodeComponent(m.group(1));
        String endpoint = QueryStringDecoder.decodeComponent(m.group(2));
        return m.group(3).equals("drain") ? drain(service, endpoint, body) : weight(service, endpoint, body);
    }

    private FullHttpResponse drain(String service, String endpoint, String body) {
        JsonNode value = AdminJson.onlyField(body, "drain");
        if (value == null || !value.isBoolean()) {
            String expected = "{\"drain\": true} to drain or {\"drain\": false} to resume";
            return error(HttpResponseStatus.BAD_REQUEST, body.isEmpty() ? "body: empty (expected: " + expected + ")"
                : "body: expected " + expected);
        }
        boolean drain = value.booleanValue();
        ManagedControl control = managed.apply(service);
        if (drain && control != null && control.drainInstance(endpoint)) {
            return json(HttpResponseStatus.OK, AdminJson.object(json -> {
                json.writeBooleanField("ok", true);
                json.writeStringField("instance", endpoint);
            }));
        }
        return answer(gateway.get().services().drain(service, endpoint, drain), service, endpoint);
    }

    private FullHttpResponse weight(String service, String endpoint, String body) {
        JsonNode value = AdminJson.onlyField(body, "weight");
        if (value == null || !value.isIntegralNumber()) {
            return error(HttpResponseStatus.BAD_REQUEST, "body: expected {\"weight\": 1..1000}");
        }
        int weight = value.canConvertToInt() ? value.intValue() : -1;
        if (weight < 1 || weight > 1000) {
            return error(HttpResponseStatus.BAD_REQUEST, "weight: " + value.asText() + " (expected: 1..1000)");
        }
        return answer(gateway.get().services().setWeight(service, endpoint, weight), service, endpoint);
    }

    private static FullHttpResponse answer(boolean found, String service, String endpoint) {
        return found ? json(HttpResponseStatus.OK, AdminJson.object(json -> json.writeBooleanField("ok", true)))
            : error(HttpResponseStatus.NOT_FOUND, "no endpoint " + endpoint + " in service " + service);
    }

    private FullHttpResponse managedView(String service, String what, boolean asText) {
        ManagedControl control = managed.apply(service);
        if (control == null) {
            return notManaged(service);
        }
        if (what.equals("data")) {
            return asText ? text(DataTierJson.text(service, control.dataTier()), TEXT)
                : json(HttpResponseStatus.OK, DataTierJson.document(service, control.dataTier()));
        }
        if (what.equals("instances")) {
            return asText ? text(control.instancesTable(), TEXT)
                : json(HttpResponseStatus.OK, AdminJson.instances(control.instances()));
        }
        return asText ? text(control.explain(), TEXT)
            : json(HttpResponseStatus.OK, AdminJson.decisions(control.decisions()));
    }

    private FullHttpResponse scale(String service, String body, boolean asText) {
        ManagedControl control = managed.apply(service);
        if (control == null) {
            return notManaged(service);
        }
        JsonNode value = AdminJson.onlyField(body, "instances");
        int count = value != null && value.isIntegralNumber() && value.canConvertToInt() ? value.intValue() : -1;
        if (count < 0) {
            return error(HttpResponseStatus.BAD_REQUEST, "body: expected {\"instances\": N} with N >= 0");
        }
        String report;
        try {
            report = control.scale(count);
        } catch (IllegalArgumentException e) {
            return error(HttpResponseStatus.BAD_REQUEST, String.valueOf(e.getMessage()));
        }
        return asText ? text(report + "\n", TEXT) : json(HttpResponseStatus.OK, AdminJson.object(json -> {
            json.writeStringField("service", service);
            json.writeNumberField("desired", count);
            json.writeStringField("message", report);
        }));
    }

    private FullHttpResponse resize(String service, String body, boolean asText) {
        ManagedControl control = managed.apply(service);
        if (control == null) {
            return notManaged(service);
        }
        String report;
        try {
            ResizeRequest r = ResizeRequest.parse(body);
            report = control.resize(r.cpu(), r.memory(), r.instance());
        } catch (IllegalArgumentException e) {
            return error(HttpResponseStatus.BAD_REQUEST, String.valueOf(e.getMessage()));
        } catch (IllegalStateException e) {
            return error(HttpResponseStatus.CONFLICT, String.valueOf(e.getMessage()));
        }
        return asText ? text(report + "\n", TEXT) : json(HttpResponseStatus.OK, AdminJson.object(json -> {
            json.writeStringField("service", service);
            json.writeStringField("message", report);
        }));
    }

    private FullHttpResponse notManaged(String service) {
        boolean exists = gateway.get().services().list().stream().anyMatch(s -> s.name().equals(service));
        return exists ? error(HttpResponseStatus.CONFLICT, "service " + service
                + " has static endpoints only; scaling needs an 'instances' block")
            : error(HttpResponseStatus.NOT_FOUND, "no service " + service);
    }

    /** {@code horizon status}: the gateway's table, then each managed service's instances. */
    private String statusText() {
        List<ServicesView.ServiceStatus> services = gateway.get().services().list();
        StringBuilder b = new StringBuilder(statusTable(services)).append(tcpTable(gateway.get().tcpListeners()));
        for (ServicesView.ServiceStatus s : services) {
            ManagedControl control = managed.apply(s.name());
            if (control != null) {
                b.append(control.instancesTable()).append(DataTierJson.text(s.name(), control.dataTier()));
            }
        }
        return b.append(certificateTable(gateway.get().certificates())).toString();
    }

    /** The TLS listener's certificates as {@code horizon status} prints them; nothing without a TLS listener. */
    static String certificateTable(List<CertificateStatus> certificates) {
        if (certificates.isEmpty()) {
            return "";
        }
        StringBuilder b = new StringBuilder("TLS certificates\n");
        b.append(String.format(Locale.ROOT, "  %-20s %-24s %s%n", "SERIAL", "NOT-AFTER", "NAMES"));
        for (CertificateStatus c : certificates) {
            b.append(String.format(Locale.ROOT, "  %-20s %-24s %s%n", c.serial(), c.notAfter(),
                String.join(",", c.names())));
        }
        return b.toString();
    }

    /** The services as the table {@code horizon status} prints. */
    static String statusTable(List<ServicesView.ServiceStatus> services) {
        if (services.isEmpty()) {
            return "no services configured\n";
        }
        StringBuilder b = new StringBuilder();
        for (ServicesView.ServiceStatus s : services) {
            ServicesView.Traffic t = s.traffic();
            b.append(String.format(Locale.ROOT, "%s  balance=%s%s  rps=%.1f  p50=%.1fms  p95=%.1fms  p99=%.1fms%n",
                s.name(), s.balance(), s.panic() ? "  PANIC" : "", t.rps(), t.p50Ms(), t.p95Ms(), t.p99Ms()));
            b.append(String.format(Locale.ROOT, "  %-24s %-10s %6s %9s %8s %9s %9s %9s%n", "ENDPOINT", "HEALTH",
                "WEIGHT", "IN-FLIGHT", "RPS", "P50(ms)", "P99(ms)", "EWMA(ms)"));
            for (ServicesView.EndpointStatus e : s.endpoints()) {
                b.append(String.format(Locale.ROOT, "  %-24s %-10s %6d %9d %8.1f %9.1f %9.1f %9.1f%n", e.id(),
                    e.health(), e.weight(), e.inFlight(), e.traffic().rps(), e.traffic().p50Ms(), e.traffic().p99Ms(),
                    e.latencyMs()));
            }
        }
        return b.toString();
    }

    /** The L4 listeners as {@code horizon status} prints them; nothing when there are none. */
    static String tcpTable(List<TcpListenerStatus> tcp) {
        if (tcp.isEmpty()) {
            return "";
        }
        StringBuilder b = new StringBuilder("tcp listeners\n").append(String.format(Locale.ROOT,
            "  %-16s %-22s %-16s %-20s %-6s %11s%n", "NAME", "LISTEN", "SERVICE", "SNI", "SPLICE", "CONNECTIONS"));
        for (TcpListenerStatus l : tcp) {
            String sni = l.sni();
            b.append(String.format(Locale.ROOT, "  %-16s %-22s %-16s %-20s %-6s %11d%n", l.name(),
                l.listen().isEmpty() ? "-" : l.listen(), l.service(), sni == null ? "*" : sni,
                l.splice() ? "yes" : "no", l.connections()));
        }
        return b.toString();
    }

    static @Nullable String query(FullHttpRequest request, String name) {
        List<String> values = new QueryStringDecoder(request.uri()).parameters().get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }
}
