package dev.horizon.admin;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.horizon.control.ManagedDecisions;
import dev.horizon.control.ManagedInstances;
import dev.horizon.gateway.CertificateStatus;
import dev.horizon.gateway.ServicesView;
import dev.horizon.gateway.TcpListenerStatus;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import dev.horizon.sizing.Cpu;
import dev.horizon.sizing.Memory;
import dev.horizon.sizing.Resources;
import org.jspecify.annotations.Nullable;

/**
 * The admin API's one JSON codec, on Jackson: the documents the server writes (every field name is part of the API),
 * the request bodies it reads, and what the client reads of an answer.
 *
 * <p>Implementation notes: documents are written with Jackson's streaming generator in a fixed field order; the
 * traffic figures are {@link BigDecimal}s with three decimals ({@code "rps":12.500}), written plain, as the API has
 * always shown them. The autoscaler's decision log arrives as the JSON its own module writes and is embedded as is.
 * Bodies are parsed strictly: duplicate keys are an error, and a body is accepted only as an object with exactly the
 * one expected field.
 */
final class AdminJson {

    private static final JsonFactory FACTORY = JsonFactory.builder()
        .enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN)
        .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
        .build();
    private static final ObjectMapper MAPPER = JsonMapper.builder(FACTORY).build();

    private AdminJson() {
    }

    /** Writes the fields of one JSON value. */
    @FunctionalInterface
    interface Fields {
        void write(JsonGenerator json) throws IOException;
    }

    /** One JSON object with the fields {@code fields} writes. */
    static String object(Fields fields) {
        StringWriter out = new StringWriter();
        try (JsonGenerator json = FACTORY.createGenerator(out)) {
            json.writeStartObject();
            fields.write(json);
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("writing JSON to a string", e);
        }
        return out.toString();
    }

    /** {@code {"error":MESSAGE}}. */
    static String error(String message) {
        return object(json -> json.writeStringField("error", message));
    }

    /** The services as {@code GET /admin/services} returns them (no L4 listener, no certificate). */
    static String services(List<ServicesView.ServiceStatus> services) {
        return object(json -> servicesArray(json, services));
    }

    /** The services and L4 listeners as {@code GET /admin/services} returns them, without TLS. */
    static String services(List<ServicesView.ServiceStatus> services, List<TcpListenerStatus> tcp) {
        return services(services, tcp, List.of());
    }

    /**
     * The services and L4 listeners as {@code GET /admin/services} returns them, then the TLS listener's
     * certificates: {@code "certificates":[{"file":…,"names":[…],"serial":HEX,"not_after":ISO-8601}]}, left out
     * without one.
     */
    static String services(List<ServicesView.ServiceStatus> services, List<TcpListenerStatus> tcp,
                           List<CertificateStatus> certificates) {
        return object(json -> {
            servicesArray(json, services);
            tcp(json, tcp);
            if (!certificates.isEmpty()) {
                certificates(json, certificates);
            }
        });
    }

    /** {@code "certificates":[{"file":…,"names":[…],"serial":HEX,"not_after":ISO-8601}]}, in the listener's order. */
    static void certificates(JsonGenerator json, List<CertificateStatus> certificates) throws IOException {
        json.writeArrayFieldStart("certificates");
        for (CertificateStatus c : certificates) {
            json.writeStartObject();
            json.writeStringField("file", c.file());
            json.writeArrayFieldStart("names");
            for (String n : c.names()) {
                json.writeString(n);
            }
            json.writeEndArray();
            json.writeStringField("serial", c.serial());
            json.writeStringField("not_after", c.notAfter().toString());
            json.writeEndObject();
        }
        json.writeEndArray();
    }

    /**
     * {@code "tcp":[{"name":…,"listen":"host:port","service":…,"sni":…|null,"splice":…,"connections":N}]}, the L4
     * listeners by name.
     */
    static void tcp(JsonGenerator json, List<TcpListenerStatus> tcp) throws IOException {
        json.writeArrayFieldStart("tcp");
        for (TcpListenerStatus l : tcp) {
            json.writeStartObject();
            json.writeStringField("name", l.name());
            json.writeStringField("listen", l.listen());
            json.writeStringField("service", l.service());
            json.writeStringField("sni", l.sni());
            json.writeBooleanField("splice", l.splice());
            json.writeNumberField("connections", l.connections());
            json.writeEndObject();
        }
        json.writeEndArray();
    }

    private static void servicesArray(JsonGenerator json, List<ServicesView.ServiceStatus> services)
            throws IOException {
        json.writeArrayFieldStart("services");
        for (ServicesView.ServiceStatus s : services) {
            json.writeStartObject();
            json.writeStringField("name", s.name());
            json.writeStringField("balance", s.balance());
            json.writeBooleanField("panic", s.panic());
            traffic(json, s.traffic());
            json.writeArrayFieldStart("endpoints");
            for (ServicesView.EndpointStatus e : s.endpoints()) {
                json.writeStartObject();
                endpoint(json, e);
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeEndObject();
        }
        json.writeEndArray();
    }

    /** An endpoint's fields as {@code GET /admin/services} writes them. */
    static void endpoint(JsonGenerator json, ServicesView.EndpointStatus e) throws IOException {
        json.writeStringField("id", e.id());
        json.writeStringField("health", e.health());
        json.writeNumberField("weight", e.weight());
        json.writeNumberField("in_flight", e.inFlight());
        decimal(json, "latency_ewma_ms", e.latencyMs());
        traffic(json, e.traffic());
    }

    /** {@code {"rps":…, "p50_ms":…, "p95_ms":…, "p99_ms":…}}. */
    static String traffic(ServicesView.Traffic t) {
        return object(json -> traffic(json, t));
    }

    private static void traffic(JsonGenerator json, ServicesView.Traffic t) throws IOException {
        decimal(json, "rps", t.rps());
        decimal(json, "p50_ms", t.p50Ms());
        decimal(json, "p95_ms", t.p95Ms());
        decimal(json, "p99_ms", t.p99Ms());
    }

    /** A figure with three decimals ({@code 12.500}); null when it is not a number. */
    private static void decimal(JsonGenerator json, String name, double value) throws IOException {
        if (Double.isFinite(value)) {
            json.writeNumberField(name, BigDecimal.valueOf(value).setScale(3, RoundingMode.HALF_UP));
        } else {
            json.writeNullField(name);
        }
    }

    /** A managed service's instances as {@code GET /admin/services/{s}/instances} returns them. */
    static String instances(ManagedInstances m) {
        return object(json -> {
            json.writeStringField("service", m.service());
            json.writeNumberField("desired", m.desired());
            json.writeNumberField("min", m.min());
            json.writeNumberField("max", m.max());
            json.writeNumberField("in_service", m.inService());
            json.writeNumberField("warming", m.warming());
            json.writeNumberField("starting", m.starting());
            json.writeNumberField("draining", m.draining());
            json.writeNumberField("restarts", m.restarts());
            json.writeStringField("crash_loop", m.crashLoop());
            json.writeStringField("replacement_paused", m.replacementPaused());
            size(json, m.size());
            json.writeStringField("limits", m.limits());
            json.writeStringField("replacing", m.replacing());
            json.writeArrayFieldStart("instances");
            for (ManagedInstances.Instance i : m.instances()) {
                instance(json, i);
            }
            json.writeEndArray();
        });
    }

    private static void instance(JsonGenerator json, ManagedInstances.Instance i) throws IOException {
        json.writeStartObject();
        json.writeStringField("id", i.id());
        json.writeStringField("state", i.state());
        json.writeStringField("address", i.address());
        json.writeNumberField("age_s", i.ageSeconds());
        json.writeNumberField("in_flight", i.inFlight());
        whole(json, "cpu_m", i.cpuMillicores());
        json.writeStringField("health", i.health());
        json.writeStringField("exit", i.exit());
        json.writeStringField("detail", i.detail());
        size(json, i.size());
        whole(json, "memory_bytes", i.memoryBytes());
        json.writeEndObject();
    }

    /** {@code "size": {"cpu": "500m", "cpu_m": 500, "memory": "512Mi", "memory_bytes": 536870912}}, nulls unlimited. */
    private static void size(JsonGenerator json, Resources size) throws IOException {
        json.writeObjectFieldStart("size");
        Cpu cpu = size.cpu();
        json.writeStringField("cpu", cpu == null ? null : cpu.toString());
        whole(json, "cpu_m", cpu == null ? null : cpu.millicores());
        Memory memory = size.memory();
        json.writeStringField("memory", memory == null ? null : memory.toString());
        whole(json, "memory_bytes", memory == null ? null : memory.bytes());
        json.writeEndObject();
    }

    /** A whole number, or null when there is none. */
    private static void whole(JsonGenerator json, String name, @Nullable Long value) throws IOException {
        if (value == null) {
            json.writeNullField(name);
        } else {
            json.writeNumberField(name, value.longValue());
        }
    }

    /** A managed service's decision log as {@code GET /admin/services/{s}/decisions} returns it. */
    static String decisions(ManagedDecisions d) {
        return object(json -> {
            json.writeStringField("service", d.service());
            json.writeBooleanField("autoscaling", d.autoscaling());
            json.writeFieldName("decisions");
            json.writeRawValue(d.logJson());
        });
    }

    /**
     * The value of the one field {@code name} of the JSON object {@code body}, or null when {@code body} is not JSON,
     * not an object, or has any other field.
     */
    static @Nullable JsonNode onlyField(String body, String name) {
        JsonNode tree = tree(body);
        return tree != null && tree.isObject() && tree.size() == 1 ? tree.get(name) : null;
    }

    /** {@code body} as one JSON value, or null when it is not exactly one. */
    static @Nullable JsonNode tree(String body) {
        try (JsonParser parser = FACTORY.createParser(body)) {
            JsonNode tree = MAPPER.readTree(parser);
            return parser.nextToken() != null ? null : tree;
        } catch (IOException e) {
            return null;
        }
    }

    /** The text field {@code name} of the JSON object {@code body}, or null when there is none. */
    static @Nullable String textField(String body, String name) {
        try {
            return MAPPER.readTree(body) instanceof JsonNode tree && tree.isObject()
                && tree.get(name) instanceof JsonNode value && value.isTextual() ? value.asText() : null;
        } catch (IOException e) {
            return null;
        }
    }

    /** Whether the JSON object {@code body} has the field {@code name}. */
    static boolean hasField(String body, String name) {
        try {
            return MAPPER.readTree(body) instanceof JsonNode tree && tree.isObject() && tree.has(name);
        } catch (IOException e) {
            return false;
        }
    }

    /** A request body of one field: {@code {"instances":4}}. */
    static String body(String name, Object value) {
        return object(json -> json.writeObjectField(name, value));
    }
}
