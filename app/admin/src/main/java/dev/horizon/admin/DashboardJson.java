package dev.horizon.admin;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.horizon.control.DecisionNote;
import dev.horizon.control.FleetRecording;
import dev.horizon.control.ManagedControl;
import dev.horizon.control.RolloutRecord;
import dev.horizon.gateway.Gateway;
import dev.horizon.gateway.Route;
import dev.horizon.gateway.RouteMatch;
import dev.horizon.gateway.ServicesView;
import dev.horizon.gateway.ServicesView.RecordedSecond;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * The dashboard's documents: {@code history} (the last 15 minutes, second by second, and the scaling decisions in
 * them), which a page gets when it opens, and {@code state} (everything now, and the last few seconds), which it gets
 * every second ({@link DashboardEvents}). A second's traffic is the gateway's recording (requests by arrival, once
 * ended, so the last seconds still grow: {@code state} repeats them); its fleet is the control plane's
 * {@link FleetRecording}.
 *
 * <p>Samples are columns ({@code "t": [...], "arrivals": [...]}), as uPlot takes them; an unknown value is null.
 */
final class DashboardJson {

    /** Seconds of history: the dashboard's 15 minutes. */
    static final int WINDOW = FleetRecording.SECONDS;
    /** Seconds each {@code state} repeats, so a second's late requests reach the page. */
    static final int REPEAT = 5;

    private static final List<String> COLUMNS = List.of("t", "arrivals", "ok", "client_errors", "limited",
        "errors_5xx", "shed", "timed_out", "unanswered", "p50_ms", "p95_ms", "p99_ms", "instances", "ready",
        "starting", "warming", "draining", "desired", "cpu_size_m", "cpu_used_m", "observed", "target");

    private final Gateway gateway;
    private final Function<String, @Nullable ManagedControl> managed;

    DashboardJson(Gateway gateway, Function<String, @Nullable ManagedControl> managed) {
        this.gateway = gateway;
        this.managed = managed;
    }

    /** The {@code history} document: every service's last {@link #WINDOW} seconds. */
    String history() {
        return document(WINDOW, false);
    }

    /** The {@code state} document: every service now, with its last {@link #REPEAT} seconds. */
    String state() {
        return document(REPEAT, true);
    }

    private String document(int seconds, boolean now) {
        ServicesView services = gateway.services();
        long to = services.epochSecond() - 1;
        long from = to - seconds + 1;
        List<ServicesView.ServiceStatus> list = services.list();
        return AdminJson.object(json -> {
            json.writeNumberField("at", to);
            json.writeNumberField("window", WINDOW);
            json.writeBooleanField("history", !now);
            if (now) {
                routes(json, gateway.config().routes());
                AdminJson.tcp(json, gateway.tcpListeners());
                AdminJson.certificates(json, gateway.certificates());
            }
            json.writeArrayFieldStart("services");
            for (ServicesView.ServiceStatus s : list) {
                ManagedControl control = managed.apply(s.name());
                json.writeStartObject();
                json.writeStringField("name", s.name());
                if (now) {
                    current(json, s, control);
                }
                samples(json, services.recording(s.name(), from), control == null ? List.of()
                    : control.recording(from, to), from, to);
                decisions(json, control == null ? List.of() : control.scalings(), now ? 10 : Integer.MAX_VALUE);
                json.writeEndObject();
            }
            json.writeEndArray();
        });
    }

    private static void routes(JsonGenerator json, List<Route> routes) throws IOException {
        json.writeArrayFieldStart("routes");
        for (Route r : routes) {
            json.writeStartObject();
            json.writeStringField("name", r.name());
            json.writeStringField("match", describe(r.match()));
            json.writeStringField("service", r.service());
            json.writeBooleanField("rate_limit", r.rateLimit() != null);
            json.writeEndObject();
        }
        json.writeEndArray();
    }

    /** A match in a few words: {@code host shop.local, path /api/*, GET}; {@code any request} when empty. */
    static String describe(RouteMatch m) {
        List<String> parts = new ArrayList<>();
        if (m.host() != null) {
            parts.add("host " + m.host());
        }
        if (m.pathExact() != null) {
            parts.add("path " + m.pathExact());
        }
        if (m.pathPrefix() != null) {
            parts.add("path " + m.pathPrefix() + "*");
        }
        if (m.method() != null) {
            parts.add(m.method());
        }
        m.headers().forEach((k, v) -> parts.add("header " + k + "=" + v));
        m.cookies().forEach((k, v) -> parts.add("cookie " + k + "=" + v));
        m.query().forEach((k, v) -> parts.add("query " + k + "=" + v));
        return parts.isEmpty() ? "any request" : String.join(", ", parts);
    }

    private static void current(JsonGenerator json, ServicesView.ServiceStatus s, @Nullable ManagedControl control)
            throws IOException {
        json.writeStringField("balance", s.balance());
        json.writeBooleanField("panic", s.panic());
        json.writeFieldName("traffic");
        json.writeRawValue(AdminJson.traffic(s.traffic()));
        json.writeArrayFieldStart("endpoints");
        for (ServicesView.EndpointStatus e : s.endpoints()) {
            json.writeStartObject();
            AdminJson.endpoint(json, e);
            json.writeStringField("revision", e.revision());
            json.writeEndObject();
        }
        json.writeEndArray();
        json.writeFieldName("managed");
        if (control == null) {
            json.writeNull();
            json.writeNullField("rollout");
            json.writeNullField("data");
            return;
        }
        json.writeRawValue(AdminJson.instances(control.instances()));
        json.writeBooleanField("autoscaling", control.decisions().autoscaling());
        DataTierJson.field(json, control.dataTier());
        RolloutRecord r = control.rollout();
        json.writeFieldName("rollout");
        json.writeRawValue(RolloutResource.document(r));
    }

    /** The seconds {@code from..to} as columns, traffic and fleet joined by second. */
    private static void samples(JsonGenerator json, @Nullable List<RecordedSecond> traffic,
        List<FleetRecording.Second> fleet, long from, long to) throws IOException {
        Map<Long, RecordedSecond> bySecond = new HashMap<>();
        if (traffic != null) {
            traffic.forEach(t -> bySecond.put(t.epochSecond(), t));
        }
        Map<Long, FleetRecording.Second> fleetBySecond = new HashMap<>();
        fleet.forEach(f -> fleetBySecond.put(f.epochSecond(), f));
        String metric = fleet.isEmpty() ? null : fleet.getLast().metric();
        json.writeStringField("metric", metric);
        json.writeObjectFieldStart("samples");
        for (String column : COLUMNS) {
            json.writeArrayFieldStart(column);
            for (long t = from; t <= to; t++) {
                value(json, column, t, bySecond.get(t), fleetBySecond.get(t));
            }
            json.writeEndArray();
        }
        json.writeEndObject();
    }

    private static void value(JsonGenerator json, String column, long t, @Nullable RecordedSecond r,
        FleetRecording.@Nullable Second f) throws IOException {
        double v = switch (column) {
            case "t" -> t;
            case "arrivals" -> r == null ? Double.NaN : r.arrivals();
            case "ok" -> r == null ? Double.NaN : r.ok();
            case "client_errors" -> r == null ? Double.NaN : r.clientErrors();
            case "limited" -> r == null ? Double.NaN : r.limited();
            case "errors_5xx" -> r == null ? Double.NaN : r.serverErrors();
            case "shed" -> r == null ? Double.NaN : r.shed();
            case "timed_out" -> r == null ? Double.NaN : r.timedOut();
            case "unanswered" -> r == null ? Double.NaN : r.unanswered();
            case "p50_ms" -> r == null ? Double.NaN : r.p50Ms();
            case "p95_ms" -> r == null ? Double.NaN : r.p95Ms();
            case "p99_ms" -> r == null ? Double.NaN : r.p99Ms();
            default -> f == null ? Double.NaN : fleet(column, f);
        };
        if (!Double.isFinite(v)) {
            json.writeNull();
        } else if (v == Math.rint(v)) {
            json.writeNumber((long) v);
        } else {
            json.writeNumber(Math.round(v * 1000) / 1000.0);
        }
    }

    private static double fleet(String column, FleetRecording.Second f) {
        return switch (column) {
            case "instances" -> f.instances();
            case "ready" -> f.ready();
            case "starting" -> f.starting();
            case "warming" -> f.warming();
            case "draining" -> f.draining();
            case "desired" -> f.desired();
            case "cpu_size_m" -> f.cpuSizeM();
            case "cpu_used_m" -> f.cpuUsedM();
            case "observed" -> f.observed();
            case "target" -> f.target();
            default -> throw new IllegalArgumentException("no column " + column);
        };
    }

    /** The last {@code last} scaling decisions: when (epoch milliseconds), what, and why in plain words. */
    private static void decisions(JsonGenerator json, List<DecisionNote> scalings, int last) throws IOException {
        json.writeArrayFieldStart("decisions");
        for (DecisionNote d : scalings.subList(Math.max(0, scalings.size() - last), scalings.size())) {
            json.writeStartObject();
            json.writeNumberField("at", d.at().toEpochMilli());
            json.writeStringField("what", d.what());
            json.writeStringField("explanation", d.explanation());
            json.writeEndObject();
        }
        json.writeEndArray();
    }
}
