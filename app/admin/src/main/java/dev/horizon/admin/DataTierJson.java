package dev.horizon.admin;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.horizon.control.DataTier;
import java.io.IOException;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A managed service's data tier ({@link DataTier}) as {@code GET /admin/services/{s}/data} answers it, as the
 * dashboard's {@code state} document carries it, and as {@code horizon status} prints it.
 */
final class DataTierJson {

    private DataTierJson() {
    }

    /** The whole document for {@code service}. */
    static String document(String service, DataTier tier) {
        return AdminJson.object(json -> {
            json.writeStringField("service", service);
            fields(json, tier);
        });
    }

    /** The data tier as an object field {@code data} of the object being written; null when none is reported. */
    static void field(JsonGenerator json, DataTier tier) throws IOException {
        if (tier.empty()) {
            json.writeNullField("data");
            return;
        }
        json.writeObjectFieldStart("data");
        fields(json, tier);
        json.writeEndObject();
    }

    private static void fields(JsonGenerator json, DataTier tier) throws IOException {
        json.writeNumberField("at", tier.at());
        json.writeNumberField("instances", tier.instances());
        json.writeArrayFieldStart("replicas");
        for (DataTier.Replica r : tier.replicas()) {
            json.writeStartObject();
            json.writeStringField("name", r.name());
            json.writeStringField("state", r.state());
            json.writeNumberField("up", r.up());
            json.writeNumberField("reporting", r.reporting());
            number(json, "lag_seconds", r.lagSeconds());
            json.writeNumberField("lag_bytes", r.lagBytes());
            json.writeStringField("problem", r.problem());
            json.writeEndObject();
        }
        json.writeEndArray();
        json.writeArrayFieldStart("caches");
        for (DataTier.Cache c : tier.caches()) {
            json.writeStartObject();
            json.writeStringField("name", c.name());
            number(json, "hit_ratio", c.hitRatio());
            number(json, "total_hit_ratio", c.totalHitRatio());
            number(json, "reads_per_second", c.readsPerSecond());
            json.writeNumberField("redis_errors", c.redisErrors());
            json.writeEndObject();
        }
        json.writeEndArray();
        json.writeObjectFieldStart("connections_per_second");
        for (Map.Entry<String, Double> e : tier.connections().entrySet()) {
            number(json, e.getKey(), e.getValue());
        }
        json.writeEndObject();
    }

    private static void number(JsonGenerator json, String field, @Nullable Double value)
            throws IOException {
        if (value == null || !Double.isFinite(value)) {
            json.writeNullField(field);
        } else {
            json.writeNumberField(field, Math.round(value * 10_000) / 10_000.0);
        }
    }

    /**
     * The data tier as {@code horizon status} prints it under the service's instances: a line per replica and per
     * cache; nothing when none is reported.
     */
    static String text(String service, DataTier tier) {
        if (tier.empty()) {
            return "";
        }
        StringBuilder b = new StringBuilder();
        for (DataTier.Replica r : tier.replicas()) {
            b.append(String.format(Locale.ROOT, "%s: replica %s %s (up on %d of %d instances), lag %s%s%n", service,
                r.name(), r.state(), r.up(), r.reporting(),
                r.lagSeconds() == null ? "unknown" : String.format(Locale.ROOT, "%.3fs", r.lagSeconds()),
                r.problem().isEmpty() ? "" : ": " + r.problem()));
        }
        for (DataTier.Cache c : tier.caches()) {
            b.append(String.format(Locale.ROOT, "%s: cache %s hit ratio %s now, %.1f%% since start, %.1f reads/s%s%n",
                service, c.name(), c.hitRatio() == null ? "-" : String.format(Locale.ROOT, "%.1f%%",
                    c.hitRatio() * 100), c.totalHitRatio() * 100, c.readsPerSecond(),
                c.redisErrors() == 0 ? "" : ", " + c.redisErrors() + " Redis errors"));
        }
        return b.toString();
    }
}
