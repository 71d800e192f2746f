package dev.horizon.cli.profile;

import dev.horizon.sim.model.CapacityModel;
import dev.horizon.sim.model.CapacityModelJson;
import dev.horizon.sim.model.ProfilePoint;
import dev.horizon.sim.model.SizeCurve;
import dev.horizon.sim.model.UniversalScalability;
import dev.horizon.sizing.Cpu;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;

/** What {@code horizon profile} prints (a line per step, a table at the end) and the model file it writes. */
public final class ProfileReport {

    private ProfileReport() {
    }

    /**
     * One step as it is measured: {@code cpu 500m  concurrency 4  412.3 req/s  p50 9.1ms  p95 11.2ms  used 470m}
     * ({@code used} only when the instance's CPU was read).
     */
    static String progress(Cpu cpu, ProfilePoint p, long failed) {
        return String.format(Locale.ROOT, "cpu %s  concurrency %d  %.1f req/s  p50 %.1fms  p95 %.1fms%s%s", cpu,
            p.concurrency(), p.throughput(), p.p50Ms(), p.p95Ms(), p.cpuMeasured()
                ? String.format(Locale.ROOT, "  used %.0fm", p.cpuMillicores()) : "",
            failed == 0 ? "" : "  (" + failed + " failed)");
    }

    /** Every measured point, then each size's fit and its peak. */
    public static String table(CapacityModel model) {
        StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "%-8s %11s %10s %9s %9s %8s%n", "CPU",
            "CONCURRENCY", "REQ/S", "P50(ms)", "P95(ms)", "USED(m)"));
        for (SizeCurve c : model.curves()) {
            for (ProfilePoint p : c.points()) {
                b.append(String.format(Locale.ROOT, "%-8s %11d %10.1f %9.1f %9.1f %8s%n", c.cpu(), p.concurrency(),
                    p.throughput(), p.p50Ms(), p.p95Ms(), p.cpuMeasured()
                        ? String.format(Locale.ROOT, "%.0f", p.cpuMillicores()) : "-"));
            }
        }
        for (SizeCurve c : model.curves()) {
            UniversalScalability u = c.usl();
            b.append(String.format(Locale.ROOT, "cpu %s: lambda %.4g req/s, sigma %.4g, kappa %.4g, service time "
                + "%.2fms, ", c.cpu(), u.lambda(), u.sigma(), u.kappa(), c.serviceTimeMs()));
            b.append(u.peakConcurrency().isPresent()
                ? String.format(Locale.ROOT, "peak %.1f req/s at concurrency %d%n", u.peakThroughput().orElseThrow(),
                    u.peakConcurrency().getAsLong())
                : String.format(Locale.ROOT, "no peak (kappa 0), towards %s req/s%n", u.sigma() == 0 ? "infinite"
                    : String.format(Locale.ROOT, "%.1f", u.lambda() / u.sigma())));
        }
        return b.toString();
    }

    /** Writes the model to {@code file} atomically: a temporary file beside it, then a move over it. */
    public static void write(Path file, CapacityModel model) throws IOException {
        Path target = file.toAbsolutePath();
        Path temp = Files.createTempFile(target.getParent(), "." + target.getFileName(), ".tmp");
        try {
            Files.writeString(temp, CapacityModelJson.write(model));
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temp);
        }
    }
}
