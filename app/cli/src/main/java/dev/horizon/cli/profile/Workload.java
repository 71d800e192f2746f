package dev.horizon.cli.profile;

import dev.horizon.showcase.LoadGenerator;
import java.net.URI;
import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.IntFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * What each of a profile's virtual users sends: one path ({@code --path}), or a weighted mix of requests
 * ({@code --mix 'POST /login:1,GET /products:4'}), with bodies ({@code --body}).
 *
 * <p>Implementation notes. A user walks one cycle of the mix again and again: each entry {@code weight} times per
 * cycle, spread out by nginx's smooth weighted round-robin (every pick adds each weight to its entry's running total,
 * takes the largest total, first on ties, and takes the sum of the weights off it: {@code ngx_http_upstream_get_peer}
 * in {@code ngx_http_upstream_round_robin.c}), so the shares are exact per cycle, not drawn. The cycle is turned to
 * start at the mix's first entry, so a user whose first entry is its login has a session before anything else (the
 * load generator keeps each user's cookies). In a body, {@code {user}} becomes the user's number, so that each user
 * logs in as a user of its own.
 *
 * @param option  the option it came from, for messages: {@code --path} or {@code --mix}
 * @param base    the gateway, {@code http://HOST:PORT}
 * @param entries the requests, at least one, each {@code METHOD PATH} once
 */
public record Workload(String option, URI base, List<Entry> entries) {

    private static final Pattern ENTRY = Pattern.compile("(?:([A-Z]+)\\s+)?(/\\S*?)(?::(\\d+))?");
    private static final Pattern KEY = Pattern.compile("(?:([A-Z]+)\\s+)?(/\\S*)");
    /** The largest weight of one entry. */
    static final int MAX_WEIGHT = 1000;

    /**
     * One kind of request of the mix.
     *
     * @param method the HTTP method, upper case
     * @param path   the path (and query) on the gateway
     * @param weight how many of each cycle's requests it is, at least 1
     * @param body   the body ({@code {user}} for the user's number), sent as {@code application/json}; null for none
     */
    public record Entry(String method, String path, int weight, @Nullable String body) {
        /** {@code METHOD PATH}. */
        public String label() {
            return method + " " + path;
        }
    }

    /** Checks there is at least one entry. */
    public Workload {
        Objects.requireNonNull(option, "option");
        Objects.requireNonNull(base, "base");
        entries = List.copyOf(entries);
        if (entries.isEmpty()) {
            throw new IllegalArgumentException(option + ": no request (expected: at least one)");
        }
    }

    /** Every user sends {@code GET path} again and again. */
    public static Workload path(URI base, String path) {
        return new Workload("--path", base, List.of(new Entry("GET", path, 1, null)));
    }

    /**
     * A mix as {@code --mix} and {@code --body} give it: entries {@code [METHOD ]PATH[:WEIGHT]} (GET and 1 by
     * default), bodies {@code [METHOD ]PATH=BODY}.
     *
     * @throws IllegalArgumentException naming the entry or body that is wrong and what was expected
     */
    public static Workload mix(URI base, List<String> mix, List<String> bodies) {
        Map<String, Entry> entries = new LinkedHashMap<>();
        for (String text : mix) {
            Matcher m = ENTRY.matcher(text.trim());
            if (!m.matches()) {
                throw new IllegalArgumentException("--mix: " + text + " (expected: [METHOD ]PATH[:WEIGHT], e.g. "
                    + "'POST /login:1' or '/products:8')");
            }
            int weight = m.group(3) == null ? 1 : Integer.parseInt(m.group(3));
            if (m.group(3) != null && (m.group(3).length() > 4 || weight < 1 || weight > MAX_WEIGHT)) {
                throw new IllegalArgumentException("--mix: " + text + ": weight " + m.group(3) + " (expected: 1.."
                    + MAX_WEIGHT + ")");
            }
            Entry e = new Entry(m.group(1) == null ? "GET" : m.group(1), m.group(2), weight, null);
            if (entries.putIfAbsent(e.label(), e) != null) {
                throw new IllegalArgumentException("--mix: " + e.label() + " twice (expected: each request once, "
                    + "with its weight)");
            }
        }
        for (String text : bodies) {
            int eq = text.indexOf('=');
            Matcher m = KEY.matcher(eq < 0 ? "" : text.substring(0, eq).trim());
            if (!m.matches()) {
                throw new IllegalArgumentException("--body: " + text + " (expected: [METHOD ]PATH=BODY, e.g. "
                    + "'POST /login={\"user\":\"u{user}\"}')");
            }
            String label = (m.group(1) == null ? "GET" : m.group(1)) + " " + m.group(2);
            Entry e = entries.get(label);
            if (e == null) {
                throw new IllegalArgumentException("--body: no --mix entry " + label + " (entries: "
                    + String.join(", ", entries.keySet()) + ")");
            }
            entries.put(label, new Entry(e.method(), e.path(), e.weight(), text.substring(eq + 1)));
        }
        return new Workload("--mix", base, List.copyOf(entries.values()));
    }

    /** One cycle of a user's requests: each entry its weight's times, spread out, starting with the first entry. */
    public List<Entry> cycle() {
        int total = entries.stream().mapToInt(Entry::weight).sum();
        long[] current = new long[entries.size()];
        List<Entry> picks = new ArrayList<>(total);
        for (int n = 0; n < total; n++) {
            int best = 0;
            for (int k = 0; k < current.length; k++) {
                current[k] += entries.get(k).weight();
                if (current[k] > current[best]) {
                    best = k;
                }
            }
            current[best] -= total;
            picks.add(entries.get(best));
        }
        int first = picks.indexOf(entries.getFirst());
        List<Entry> cycle = new ArrayList<>(picks.subList(first, total));
        cycle.addAll(picks.subList(0, first));
        return List.copyOf(cycle);
    }

    /** The request {@code user} sends for {@code e}. */
    public HttpRequest request(Entry e, int user) {
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(e.path()));
        String body = e.body();
        if (body == null) {
            b.method(e.method(), HttpRequest.BodyPublishers.noBody());
        } else {
            b.method(e.method(), HttpRequest.BodyPublishers.ofString(body.replace("{user}", String.valueOf(user))))
                .header("Content-Type", "application/json");
        }
        return b.build();
    }

    /** Each user's script: the cycle, again and again. */
    public IntFunction<LoadGenerator.Script> scripts() {
        List<Entry> cycle = cycle();
        return user -> new LoadGenerator.Script() {
            private int next;

            @Override
            public HttpRequest next() {
                Entry e = cycle.get(next);
                next = (next + 1) % cycle.size();
                return request(e, user);
            }
        };
    }

    /** For messages: the URL of {@code --path}, or the gateway and the mix with its weights. */
    public String describe() {
        if (option.equals("--path")) {
            return base.resolve(entries.getFirst().path()).toString();
        }
        return base + " (mix " + String.join(", ", entries.stream().map(e -> e.label() + ":" + e.weight())
            .toList()) + ")";
    }
}
