package dev.horizon.showcase;

import dev.horizon.autoscale.Strategy;
import dev.horizon.sizing.ResizePolicy;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The {@code horizon.yaml} the demo runs, written out in full so a user can read it (and run it with
 * {@code horizon up -c}): a route for {@code POST /login} limited per client ({@value #LOGIN_LIMIT}) and shed first
 * under overload, one for the rest of the shop, an adaptive concurrency limit on the shop ({@value #SHOP_LIMIT}), the
 * shoppers' loopback trusted as their proxy (each shopper sends its own {@code X-Forwarded-For}), least-request
 * balancing with health checks on the shop's liveness ({@code /livez}), 2 to 8 instances. With {@code horizontal}
 * they have no size and scale on requests per second per instance, as before sizes existed; with any other strategy
 * each starts at {@value #START_CPU} of CPU and {@value #MEMORY} of memory, enforced by cgroups, and they scale on CPU
 * utilization in both dimensions, up to {@value #MAX_CPU} each.
 */
final class DemoConfig {

    /** Requests per second one shop instance is meant to take; the autoscaler's target. */
    static final int TARGET_RPS = 40;
    static final int MIN = 2;
    static final int MAX = 8;
    /** The shop's size at start under a vertical strategy: small, so the story starts with growing in place. */
    static final String START_CPU = "250m";
    /**
     * The largest size: a quarter of a 2-core machine, so the spike outgrows two instances at it and the story goes on
     * to clones (at 1000m two instances take the whole machine and the spike never needs a third).
     */
    static final String MAX_CPU = "500m";
    /** Memory per instance: room for the instances' -Xmx192m heap and the JVM around it. */
    static final String MEMORY = "512Mi";
    /**
     * CPU utilization the vertical strategies aim at: 60 %, below the HPA examples' 70 %, because on a 2-core machine
     * that also runs the gateway and the shoppers an instance seldom gets all of its quota under the spike.
     */
    static final int TARGET_CPU = 60;
    /**
     * PBKDF2 iterations of the demo's password hashes ({@code DEMO_PASSWORD_ITERATIONS}), below OWASP's 600,000 (the
     * shop's own default) because every shopper logs in on every visit: up to 20 logins a second at the spike, and
     * one hash of 600,000 iterations costs about 1.4 s of CPU on the instances' C1-only JVM. On the 2-core machine
     * 10,000 ran the demo with no error; 20,000 already timed logins out (measurements in docs/demo.md).
     */
    static final int PASSWORD_ITERATIONS = 10_000;
    /**
     * The rate limit on {@code POST /login}, per client: one a second with a burst of three. A shopper logs in once
     * per visit of ten or so requests (well under one a second), so the limit never touches a shopper whose logins
     * succeed; it answers 429 to one that presses the button again and again while the shop is overloaded, which
     * keeps those repeated logins' password hashing off the shop's CPU (docs/demo.md).
     */
    static final String LOGIN_LIMIT = "{ requests: 1, per: 1s, burst: 3, key: client-ip }";
    /**
     * The shop's load shedding: an adaptive limit (Netflix's Gradient2) on the requests in flight to all its
     * instances, between 16 and 64. Past it a request gets 503 at once instead of a place in a line that grows until
     * every shopper waits seconds; logins ({@code priority: low}) are refused first, so shoppers already in keep
     * their carts and checkouts (docs/demo.md).
     */
    static final String SHOP_LIMIT = "{ adaptive: gradient2, min: 16, max: 64 }";
    /** The environment variable naming the shop's version ({@code X-Version}); {@code --deploy} ships {@value}=2. */
    static final String VERSION_VARIABLE = "SHOP_VERSION";

    private DemoConfig() {
    }

    static String yaml(int port, int adminPort, List<String> command, Map<String, String> env, Path stateDir,
                       Strategy strategy, ResizePolicy resizePolicy) {
        StringBuilder b = new StringBuilder(2048);
        b.append("# Written by horizon demo; run it again with: horizon up -c ")
            .append(stateDir.resolve("horizon.yaml")).append('\n');
        b.append("gateway:\n  listen: 127.0.0.1:").append(port).append("\n  admin: 127.0.0.1:").append(adminPort)
            .append("\n  drain-timeout: 5s\n  trusted-proxies: [127.0.0.1]\n");
        b.append("routes:\n  - name: login\n    match: { path: /login, method: POST }\n    service: shop\n")
            .append("    rate-limit: ").append(LOGIN_LIMIT).append("\n    priority: low\n")
            .append("  - name: shop\n    service: shop\n");
        b.append("services:\n  shop:\n    balance: least-request\n");
        // Liveness, not readiness: /health fails on every instance at once when Redis or the database is down, and
        // taking them all out of rotation would also stop the pages that need neither (see docs/demo.md).
        b.append("    health: { path: /livez, interval: 1s, timeout: 1s, rise: 1, fall: 2 }\n");
        b.append("    retries: { attempts: 2 }\n");
        b.append("    concurrency-limit: ").append(SHOP_LIMIT).append('\n');
        b.append("    instances:\n      command: [");
        for (int i = 0; i < command.size(); i++) {
            b.append(i == 0 ? "" : ", ").append(quote(command.get(i)));
        }
        b.append("]\n");
        if (!env.isEmpty()) {
            b.append("      env:\n");
        }
        env.forEach((k, v) -> b.append("        ").append(k).append(": ").append(quote(v.replace("${", "$${")))
            .append('\n'));
        b.append("      min: ").append(MIN).append("\n      max: ").append(MAX).append('\n');
        b.append("      warmup: 3s\n      drain-timeout: 10s\n      start-timeout: 60s\n");
        b.append("      state-dir: ").append(quote(stateDir.resolve("instances").toString())).append('\n');
        boolean sized = strategy != Strategy.HORIZONTAL;
        if (sized) {
            b.append("      resources: { cpu: ").append(START_CPU).append(", memory: ").append(MEMORY).append(" }\n");
            b.append("      resize-policy: ").append(resizePolicy.text()).append('\n');
        }
        b.append("    autoscale:\n      period: 1s\n      metrics:\n");
        if (sized) {
            b.append("        - { type: cpu, target-utilization: ").append(TARGET_CPU).append(" }\n");
            b.append("      strategy: ").append(strategy.text()).append('\n');
            // a half-life of 30s instead of 5m lets the calm phase of a two-minute demo show the way back down
            b.append("      vertical: { min-cpu: ").append(START_CPU).append(", max-cpu: ").append(MAX_CPU)
                .append(", step: 2, half-life: 30s }\n");
        } else {
            b.append("        - { type: rps, target: ").append(TARGET_RPS).append(" }\n");
        }
        b.append("      behavior:\n");
        b.append("        scale-up: { stabilization: 0s, policies: [ { percent: 100, period: 5s }, "
            + "{ instances: 2, period: 5s } ], select: max }\n");
        b.append("        scale-down: { stabilization: 15s, policies: [ { instances: 1, period: 5s } ] }\n");
        return b.toString();
    }

    /**
     * The shop's {@code deploy:} block, to follow {@link #yaml} (whose last service is the shop): {@code strategy}
     * ({@code rolling} when null), timed so that a deploy halfway through a two-minute run ends within it. Canary steps
     * of 20 % and 50 % for 10 s each (with 15 s, a real run's canary waited 20 s for its first instance under the spike
     * and was promoted 54 s after the deploy, 6 s before the end), judged every 5 s on at least 20 requests (the calm
     * phase's 8 shoppers send about 50 a second, a fifth of which is 50 in 5 s). The latency limits are wide because
     * version 2 is the same code in fresh JVMs (C1 only, a small heap) on a machine the spike keeps busy, slower for
     * their first tens of seconds without being a worse release (docs/deploy.md, "A cold canary"). Measured in real
     * runs: canary medians of 106.6 ms against stable's 28 ms (3.8 times) in the first window, 63 ms against 18.5 ms
     * once the 50 % step's new instances joined, 8.4 ms against 2.9 ms in the calm phase, first windows' p99s of 569 ms
     * and 2.5 s; with the defaults (25 %, 500 ms) and then with a doubling allowed, runs aborted this good release. So
     * a median up to 5 times stable's, p99 up to 2 s, and two failed windows tolerated; the error rate keeps its 1 %,
     * which is what a bad release trips. Blue-green switches by itself once its instances take requests and keeps the
     * old ones 20 s (not 30 s) for an undo. Rolling keeps the defaults: 25 % surge, none unavailable.
     */
    static String deploy(@Nullable String strategy) {
        return "    deploy:\n      strategy: " + (strategy == null ? "rolling" : strategy) + "\n"
            + "      steps: [ { weight: 20, pause: 10s }, { weight: 50, pause: 10s } ]\n"
            + "      analysis: { interval: 5s, min-requests: 20, failure-limit: 2, max-error-rate: 0.01, "
            + "max-p99: 2s, max-latency-increase: 4 }\n"
            + "      auto-promote: true\n      scale-down-delay: 20s\n"
            + "      session-cookie: " + Shopper.COOKIE + "\n";
    }

    /** A YAML double-quoted scalar. */
    static String quote(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                default -> b.append(c);
            }
        }
        return b.append('"').toString();
    }
}
