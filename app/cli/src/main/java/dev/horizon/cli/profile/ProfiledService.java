package dev.horizon.cli.profile;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.horizon.admin.AdminClient;
import dev.horizon.sizing.Cpu;
import dev.horizon.spelling.Spelling;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The managed service a profile measures, through the admin API: what it was before (desired count, CPU size, whether
 * the sizes are enforced, whether it autoscales), the changes a profile makes (one instance, a CPU size) and putting
 * it back. {@link #restore()} runs once, from the profile's end or from a shutdown hook on Ctrl-C; after it every
 * change is refused, so an interrupted profile cannot undo the restore.
 */
public final class ProfiledService {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration POLL = Duration.ofMillis(100);

    private final AdminClient admin;
    private final String name;
    private final PrintWriter out;
    private final int desired;
    private final @Nullable Cpu cpu;
    private final String limits;
    private final boolean limitsEnforced;
    private final boolean autoscaling;
    private boolean scaled;
    private @Nullable Cpu resizedTo;
    private boolean restored;

    private ProfiledService(AdminClient admin, String name, PrintWriter out, JsonNode instances, boolean autoscaling) {
        this.admin = admin;
        this.name = name;
        this.out = out;
        this.desired = instances.path("desired").asInt();
        this.cpu = cpuOf(instances.path("size"));
        this.limits = instances.path("limits").asText("");
        this.limitsEnforced = !limits.startsWith("limits not enforced");
        this.autoscaling = autoscaling;
    }

    /**
     * The service {@code name} as the admin API shows it now.
     *
     * @throws IllegalArgumentException when there is no such service (with the closest name), or it has no managed
     *     instances
     */
    public static ProfiledService of(AdminClient admin, String name, PrintWriter out) {
        List<String> names = new ArrayList<>();
        for (JsonNode s : tree(admin.services()).path("services")) {
            names.add(s.path("name").asText());
        }
        if (!names.contains(name)) {
            throw new IllegalArgumentException("--service: no service " + name + Spelling.hint(name, names)
                + " (services: " + (names.isEmpty() ? "none" : String.join(", ", names)) + ")");
        }
        JsonNode instances = tree(admin.instances(name));
        boolean autoscaling = tree(admin.explain(name, true)).path("autoscaling").asBoolean(false);
        return new ProfiledService(admin, name, out, instances, autoscaling);
    }

    /** The service's name. */
    public String name() {
        return name;
    }

    /** The CPU size its instances launch with, or null when unlimited. */
    public @Nullable Cpu cpu() {
        return cpu;
    }

    /** Whether the provider holds instances to their size (cgroups); when not, resizing changes nothing real. */
    public boolean limitsEnforced() {
        return limitsEnforced;
    }

    /** How sizes are enforced, or {@code limits not enforced: WHY}. */
    public String limits() {
        return limits;
    }

    /** Whether an autoscaler may change the count or size while the profile runs. */
    public boolean autoscaling() {
        return autoscaling;
    }

    /** Scales the service to one instance (nothing to do when it has one). */
    public synchronized void scaleToOne() {
        refuseAfterRestore();
        if (desired == 1) {
            return;
        }
        try {
            admin.scale(name, 1);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("scaling " + name + " to one instance: " + e.getMessage(), e);
        }
        scaled = true;
    }

    /** Gives the service's instances {@code size} (nothing to do when they have it). */
    public synchronized void resize(Cpu size) {
        refuseAfterRestore();
        if (size.equals(resizedTo == null ? cpu : resizedTo)) {
            return;
        }
        try {
            admin.resize(name, size.toString(), null, null);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("resizing " + name + " to cpu " + size + ": " + e.getMessage(), e);
        }
        resizedTo = size;
    }

    /**
     * Waits until exactly one instance is in service, none is starting or warming up, and it reports {@code size}
     * (any size when null).
     *
     * @throws IllegalStateException when that does not happen within {@code timeout}, naming what was seen last
     */
    public void awaitOneInstance(@Nullable Cpu size, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        String last = "";
        while (true) {
            JsonNode now = tree(admin.instances(name));
            List<String> serving = serving(now, size);
            int inService = now.path("in_service").asInt();
            if (inService == 1 && serving.size() == 1 && now.path("starting").asInt() == 0
                && now.path("warming").asInt() == 0) {
                return;
            }
            last = inService + " in service, " + now.path("starting").asInt() + " starting, "
                + now.path("warming").asInt() + " warming" + (size == null ? "" : ", " + serving.size() + " at cpu "
                + size);
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(name + " did not settle at one instance in service"
                    + (size == null ? "" : " at cpu " + size) + " within " + timeout.toSeconds() + "s (last: " + last
                    + ")");
            }
            Thread.sleep(POLL);
        }
    }

    /**
     * Checks that the service still has one instance in service and, when given, at {@code size}.
     *
     * @throws IllegalStateException when something (its autoscaler) changed it during the measurement
     */
    public void checkOneInstance(@Nullable Cpu size) {
        JsonNode now = tree(admin.instances(name));
        int inService = now.path("in_service").asInt();
        if (inService != 1 || serving(now, size).size() != 1) {
            throw new IllegalStateException(name + " changed during the measurement: " + inService + " in service"
                + (size == null ? "" : ", " + serving(now, size).size() + " at cpu " + size)
                + (autoscaling ? "; its autoscaler is on: profile with autoscaling off (no autoscale block) so the "
                + "measurement sees one instance of one size" : ""));
        }
    }

    /**
     * The CPU its one instance in service used in the fleet's last one-second sample, in millicores; NaN when there
     * is no such sample (a provider that cannot read it).
     */
    public double instanceCpu() {
        for (JsonNode i : tree(admin.instances(name)).path("instances")) {
            if (i.path("state").asText().equals("in_service") && i.path("cpu_m").isNumber()) {
                return i.path("cpu_m").asDouble();
            }
        }
        return Double.NaN;
    }

    /** The gateway's request rate to this service over its last ten seconds. */
    public double gatewayRps() {
        for (JsonNode s : tree(admin.services()).path("services")) {
            if (s.path("name").asText().equals(name)) {
                return s.path("rps").asDouble();
            }
        }
        return 0;
    }

    /**
     * Puts back the count and size the service had before the profile, once; every later change is refused. A
     * failure is printed, not thrown, so both are attempted.
     */
    public synchronized void restore() {
        if (restored) {
            return;
        }
        restored = true;
        List<String> done = new ArrayList<>();
        Cpu resized = resizedTo;
        if (resized != null && cpu != null && !resized.equals(cpu)) {
            attempt(() -> admin.resize(name, Objects.requireNonNull(cpu).toString(), null, null),
                "cpu " + resized + " -> " + cpu, done);
        }
        if (scaled) {
            attempt(() -> admin.scale(name, desired), "desired 1 -> " + desired, done);
        }
        if (!done.isEmpty()) {
            out.println("restored " + name + ": " + String.join(", ", done));
            out.flush();
        }
    }

    private void attempt(Runnable change, String what, List<String> done) {
        try {
            change.run();
            done.add(what);
        } catch (RuntimeException e) {
            out.println("horizon profile: could not restore " + name + " (" + what + "): " + e.getMessage());
        }
    }

    private void refuseAfterRestore() {
        if (restored) {
            throw new IllegalStateException("the profile of " + name + " was stopped and the service restored");
        }
    }

    /** The ids of the instances in service at {@code size} (any size when null). */
    private static List<String> serving(JsonNode instances, @Nullable Cpu size) {
        List<String> ids = new ArrayList<>();
        for (JsonNode i : instances.path("instances")) {
            if (i.path("state").asText().equals("in_service") && (size == null || size.equals(cpuOf(i.path("size"))))) {
                ids.add(i.path("id").asText());
            }
        }
        return ids;
    }

    private static @Nullable Cpu cpuOf(JsonNode size) {
        JsonNode m = size.path("cpu_m");
        return m.isIntegralNumber() ? Cpu.millicores(m.asLong()) : null;
    }

    private static JsonNode tree(String json) {
        try {
            return JSON.readTree(json);
        } catch (JacksonException e) {
            throw new IllegalStateException("the admin API answered something that is not JSON: "
                + e.getOriginalMessage(), e);
        }
    }
}
