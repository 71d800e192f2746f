package dev.horizon.sim.model;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.horizon.sizing.Cpu;
import dev.horizon.spelling.Spelling;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The model file: {@code horizon profile} writes it, {@code horizon sim} and {@code horizon plan} read it.
 *
 * <pre>{@code
 * {"service": "shop",
 *  "sizes": [{"cpu": "250m", "lambda": 118.2, "sigma": 0.01, "kappa": 0.0002, "service-time-ms": 8.4,
 *             "peak-concurrency": 70, "peak-throughput": 900.1,
 *             "points": [{"concurrency": 1, "throughput": 118.2, "p50-ms": 8.1, "p95-ms": 9.9, "cpu-m": 190}, ...]}],
 *  "mix": [{"name": "POST /login", "weight": 9, "service-time-ms": 84.0, "cv": 0.18},
 *          {"name": "GET /products", "weight": 29, "service-time-ms": 3.9, "cv": 0.6}, ...]}
 * }</pre>
 *
 * {@code peak-concurrency} and {@code peak-throughput} are written for people and ignored on reading (they follow
 * from the coefficients); {@code points} and {@code service-time-ms} are optional ({@code 1000 / lambda}), and so is
 * each point's {@code cpu-m} (the CPU the instance used at that step, {@link SizeCurve#demand}), and so is
 * {@code mix} (the kinds of request profiled with {@code --mix}, each with its weight, mean time at concurrency 1 and,
 * optionally, that time's coefficient of variation {@code cv}; {@link CapacityModel}, {@link ServiceMix}): without
 * it, or with it empty, the model is what it was before mixes were recorded. Every other key is refused, naming where
 * it stands, so a misspelt one is not silently dropped.
 */
public final class CapacityModelJson {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final Set<String> MODEL_KEYS = Set.of("service", "sizes", "mix");
    private static final Set<String> MIX_KEYS = Set.of("name", "weight", "service-time-ms", "cv");
    private static final Set<String> SIZE_KEYS = Set.of("cpu", "lambda", "sigma", "kappa", "service-time-ms",
        "peak-concurrency", "peak-throughput", "points");
    private static final Set<String> POINT_KEYS = Set.of("concurrency", "throughput", "p50-ms", "p95-ms", "cpu-m");

    private CapacityModelJson() {
    }

    /**
     * Reads a model.
     *
     * @throws IllegalArgumentException naming the key and position of what is wrong
     */
    public static CapacityModel read(String text) {
        JsonNode root;
        try {
            root = JSON.readTree(text);
        } catch (JacksonException e) {
            throw new IllegalArgumentException("not JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("expected a JSON object with \"sizes\"");
        }
        keys(root, MODEL_KEYS, "");
        JsonNode sizes = root.path("sizes");
        if (!sizes.isArray()) {
            throw new IllegalArgumentException("sizes: missing (expected: a list of measured CPU sizes)");
        }
        List<SizeCurve> curves = new ArrayList<>();
        for (int i = 0; i < sizes.size(); i++) {
            String at = "sizes[" + i + "]";
            try {
                curves.add(curve(sizes.get(i)));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(at + "." + e.getMessage(), e);
            }
        }
        return new CapacityModel(root.path("service").asText(""), curves, mix(root.path("mix")));
    }

    private static List<MixEntry> mix(JsonNode list) {
        if (list.isMissingNode() || list.isNull()) {
            return List.of();
        }
        if (!list.isArray()) {
            throw new IllegalArgumentException("mix: " + list + " (expected: a list of {name, weight, "
                + "service-time-ms})");
        }
        List<MixEntry> entries = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            JsonNode e = list.get(i);
            String where = "mix[" + i + "].";
            if (!e.isObject()) {
                throw new IllegalArgumentException(where + "name: missing (expected: {name, weight, service-time-ms})");
            }
            keys(e, MIX_KEYS, where);
            try {
                entries.add(new MixEntry(e.path("name").asText(""), number(e, "weight"), number(e, "service-time-ms"),
                    e.has("cv") ? number(e, "cv") : Double.NaN));
            } catch (IllegalArgumentException x) {
                throw new IllegalArgumentException(where + x.getMessage(), x);
            }
        }
        return entries;
    }

    /** The model as indented JSON, ending with a newline. */
    public static String write(CapacityModel model) {
        ObjectNode root = JSON.createObjectNode();
        root.put("service", model.service());
        ArrayNode sizes = root.putArray("sizes");
        for (SizeCurve c : model.curves()) {
            ObjectNode s = sizes.addObject();
            UniversalScalability u = c.usl();
            s.put("cpu", c.cpu().toString());
            s.put("lambda", u.lambda());
            s.put("sigma", u.sigma());
            s.put("kappa", u.kappa());
            s.put("service-time-ms", c.serviceTimeMs());
            u.peakConcurrency().ifPresent(n -> s.put("peak-concurrency", n));
            u.peakThroughput().ifPresent(x -> s.put("peak-throughput", x));
            ArrayNode points = s.putArray("points");
            for (ProfilePoint p : c.points()) {
                ObjectNode point = points.addObject().put("concurrency", p.concurrency())
                    .put("throughput", p.throughput()).put("p50-ms", p.p50Ms()).put("p95-ms", p.p95Ms());
                if (p.cpuMeasured()) {
                    point.put("cpu-m", p.cpuMillicores());
                }
            }
        }
        if (!model.mix().isEmpty()) {
            ArrayNode mix = root.putArray("mix");
            for (MixEntry e : model.mix()) {
                ObjectNode entry = mix.addObject().put("name", e.name()).put("weight", e.weight())
                    .put("service-time-ms", e.serviceTimeMs());
                if (e.hasCv()) {
                    entry.put("cv", e.cv());
                }
            }
        }
        try {
            return JSON.writeValueAsString(root) + "\n";
        } catch (JacksonException e) {
            throw new IllegalStateException("a JSON tree did not serialize", e);
        }
    }

    private static SizeCurve curve(JsonNode s) {
        if (!s.isObject()) {
            throw new IllegalArgumentException("cpu: missing (expected: an object with cpu, lambda, sigma, kappa)");
        }
        keys(s, SIZE_KEYS, "");
        JsonNode cpuText = s.path("cpu");
        if (!cpuText.isTextual() && !cpuText.isNumber()) {
            throw new IllegalArgumentException("cpu: missing (expected: a CPU size such as 500m)");
        }
        Cpu cpu = Cpu.parse(cpuText.asText());
        UniversalScalability usl = new UniversalScalability(number(s, "sigma"), number(s, "kappa"),
            number(s, "lambda"));
        List<ProfilePoint> points = new ArrayList<>();
        JsonNode list = s.path("points");
        for (int i = 0; i < list.size(); i++) {
            JsonNode p = list.get(i);
            String where = "points[" + i + "]";
            keys(p, POINT_KEYS, where + ".");
            try {
                points.add(new ProfilePoint((int) number(p, "concurrency"), number(p, "throughput"),
                    number(p, "p50-ms"), number(p, "p95-ms"), p.has("cpu-m") ? number(p, "cpu-m") : Double.NaN));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(where + "." + e.getMessage(), e);
            }
        }
        double serviceTime = s.has("service-time-ms") ? number(s, "service-time-ms") : 1000 / usl.lambda();
        return new SizeCurve(cpu, usl, serviceTime, points);
    }

    private static double number(JsonNode node, String key) {
        JsonNode v = node.path(key);
        if (!v.isNumber()) {
            throw new IllegalArgumentException(key + ": " + (v.isMissingNode() ? "missing" : v.toString())
                + " (expected: a number)");
        }
        return v.asDouble();
    }

    private static void keys(JsonNode node, Set<String> known, String at) {
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            String key = it.next().getKey();
            if (!known.contains(key)) {
                throw new IllegalArgumentException(at + key + ": unknown key" + Spelling.hint(key, known)
                    + " (expected one of " + known.stream().sorted().toList() + ")");
            }
        }
    }
}
