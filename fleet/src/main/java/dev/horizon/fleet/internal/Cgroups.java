package dev.horizon.fleet.internal;

import dev.horizon.fleet.Limits;
import dev.horizon.sizing.Resources;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The cgroups of a provider's instances: one group per instance, {@code MOUNT/horizon/OWNER/SERVICE.INSTANCE} in every
 * hierarchy used, where {@code OWNER} is {@code PID-STARTTICKS} of the Horizon process that made it ({@link Owner}), so
 * that a later Horizon can tell a killed one's leftovers from a live one's groups ({@link #cleanupOrphans()}).
 *
 * <p>Implementation notes. {@link #detect} prefers cgroup v2 (the unified hierarchy at the root, or at
 * {@code unified/} in the hybrid layout) when its {@code cgroup.controllers} offers {@code cpu} and {@code memory} and
 * a group can be made there; else v1 when the {@code cpu} and {@code memory} hierarchies are mounted and a group can
 * be made in each; else none, and {@link #limits()} says why. "Can be made" is tested, not guessed from permissions:
 * the {@code horizon} directory is created in every hierarchy, and the kernel must have filled it with
 * {@code cgroup.procs} (which a plain directory, or a read-only or foreign file system, does not). The groups sit
 * under the hierarchy's root rather than under Horizon's own group so that the next Horizon finds a killed one's
 * groups wherever it runs; under systemd, Horizon's service needs {@code Delegate=yes} for a v2 tree of its own.
 */
public final class Cgroups {

    private static final System.Logger LOG = System.getLogger(Cgroups.class.getName());
    private static final String BASE = "horizon";

    private final CgroupFiles files;
    private final Limits limits;
    private final String owner;

    private Cgroups(CgroupFiles files, Limits limits) {
        this.files = files;
        this.limits = limits;
        this.owner = Owner.self().name();
    }

    /** Cgroups of the first kind that works under {@code root} (normally {@code /sys/fs/cgroup}), or none. */
    public static Cgroups detect(Path root) {
        List<String> why = new ArrayList<>();
        for (Path unified : List.of(root, root.resolve("unified"))) {
            Path controllers = unified.resolve("cgroup.controllers");
            if (!Files.isRegularFile(controllers)) {
                continue;
            }
            List<String> offered = List.of(read(controllers).split("\\s+"));
            if (!offered.contains("cpu") || !offered.contains("memory")) {
                why.add("cgroup v2 at " + unified + " offers no cpu and memory controllers (cgroup.controllers: '"
                    + read(controllers) + "')");
                continue;
            }
            CgroupV2 v2 = new CgroupV2(unified);
            String problem = makeBase(v2);
            if (problem == null) {
                return new Cgroups(v2, Limits.enforcedBy(v2.description()));
            }
            why.add(problem);
        }
        Path cpu = root.resolve("cpu");
        Path memory = root.resolve("memory");
        if (!Files.isRegularFile(cpu.resolve("cpu.cfs_quota_us"))) {
            why.add("no cgroup v1 cpu controller at " + cpu);
        } else if (!Files.isRegularFile(memory.resolve("memory.limit_in_bytes"))) {
            why.add("no cgroup v1 memory controller at " + memory);
        } else {
            Path cpuacct = root.resolve("cpuacct");
            boolean apart = !Files.isRegularFile(cpu.resolve("cpuacct.usage"))
                && Files.isRegularFile(cpuacct.resolve("cpuacct.usage"));
            CgroupV1 v1 = new CgroupV1(cpu, apart ? cpuacct : null, memory);
            String problem = makeBase(v1);
            if (problem == null) {
                return new Cgroups(v1, Limits.enforcedBy(v1.description()));
            }
            why.add(problem);
        }
        return none(String.join("; ", why));
    }

    /** No cgroups: instances run unlimited, and {@link #limits()} says {@code limits not enforced: WHY}. */
    public static Cgroups none(String why) {
        return new Cgroups(CgroupFiles.NONE, Limits.notEnforced(why));
    }

    /** {@code null} when {@code MOUNT/horizon} is a cgroup in every hierarchy, else what is wrong. */
    private static @Nullable String makeBase(CgroupFiles files) {
        for (Path mount : files.mounts()) {
            Path base = mount.resolve(BASE);
            try {
                Files.createDirectories(base);
                if (!Files.isRegularFile(base.resolve("cgroup.procs"))) {
                    Files.deleteIfExists(base);
                    return mount + " is not a cgroup file system (a new group there has no cgroup.procs)";
                }
                files.enableControllers(mount);
                files.enableControllers(base);
            } catch (IOException e) {
                return "cannot make a cgroup at " + base + ": " + e.getMessage();
            }
        }
        return null;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.US_ASCII).strip();
        } catch (IOException e) {
            return "";
        }
    }

    /** Whether limits are enforced, and how or why not. */
    public Limits limits() {
        return limits;
    }

    /**
     * Makes the instance's group and writes {@code size} into it; where limits are not enforced, a group that only
     * remembers the size. The process joins it by writing its pid into {@link Cgroup#procsFiles()}.
     *
     * @throws IOException when the group cannot be made or written, naming the file
     */
    synchronized Cgroup create(String service, String instanceId, Resources size) throws IOException {
        Path group = Path.of(BASE, owner, service + "." + instanceId);
        Cgroup cgroup = new Cgroup(files, group, size);
        if (files.mounts().isEmpty()) {
            return cgroup;
        }
        try {
            for (Path mount : files.mounts()) {
                Files.createDirectories(mount.resolve(group.getParent()));
                files.enableControllers(mount.resolve(group.getParent()));
                Files.createDirectory(mount.resolve(group));
            }
            cgroup.apply(size);
        } catch (IOException e) {
            cgroup.remove();
            throw new IOException("cgroup " + group + ": " + e.getMessage(), e);
        }
        return cgroup;
    }

    /**
     * Removes the groups of every Horizon process that is provably gone ({@link Owner#gone()}: not running, or its pid
     * now names a process with another start time), killing what still runs in them first; returns one line per
     * instance group, for the log, e.g.
     * {@code removed cgroup horizon/4001-9180020/shop.shop-1 of a Horizon that is gone (pid 4001): killed pid 4123}.
     */
    public List<String> cleanupOrphans() throws IOException {
        Map<Path, List<Path>> leaves = new LinkedHashMap<>();
        List<Path> owners = new ArrayList<>();
        for (Path mount : files.mounts()) {
            Path base = mount.resolve(BASE);
            if (!Files.isDirectory(base)) {
                continue;
            }
            try (DirectoryStream<Path> dirs = Files.newDirectoryStream(base, Files::isDirectory)) {
                for (Path ownerDir : dirs) {
                    Owner o = Owner.parse(ownerDir.getFileName().toString());
                    if (o != null && o.gone()) {
                        owners.add(ownerDir);
                        try (DirectoryStream<Path> groups = Files.newDirectoryStream(ownerDir, Files::isDirectory)) {
                            groups.forEach(g -> leaves.computeIfAbsent(mount.relativize(g), k -> new ArrayList<>())
                                .add(g));
                        }
                    }
                }
            }
        }
        List<String> report = new ArrayList<>();
        leaves.forEach((name, dirs) -> {
            List<Long> killed = Cgroup.remove(dirs);
            String ownerPid = name.getName(1).toString().replaceFirst("-.*", "");
            report.add("removed cgroup " + name + " of a Horizon that is gone (pid " + ownerPid + ")"
                + (killed.isEmpty() ? "" : ": killed pid " + String.join(", ",
                killed.stream().map(String::valueOf).toList())));
        });
        Cgroup.remove(owners);
        return report;
    }

    /** Removes this Horizon's own directory under {@code horizon/} where it is empty (at the provider's close). */
    void removeOwnDirectory() {
        for (Path mount : files.mounts()) {
            try {
                Files.deleteIfExists(mount.resolve(BASE).resolve(owner));
            } catch (IOException e) {
                // another provider of this process still has groups there; the next Horizon removes it
            }
        }
    }

    /** Logs once, as a warning, that limits are not enforced and why; does nothing when they are. */
    void warnIfNotEnforced() {
        if (!limits.enforced()) {
            LOG.log(System.Logger.Level.WARNING, "horizon: " + limits.text() + "; instances run without CPU and "
                + "memory limits");
        }
    }
}
