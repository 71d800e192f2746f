package dev.horizon.fleet.internal;

import dev.horizon.sizing.Cpu;
import dev.horizon.sizing.Memory;
import dev.horizon.sizing.Resources;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;

/**
 * Cgroup v2: one unified hierarchy. Every group above an instance's enables the {@code cpu} and {@code memory}
 * controllers for its children ({@code +cpu +memory} into {@code cgroup.subtree_control}); only the leaves hold
 * processes, as v2's no-internal-process rule requires.
 *
 * <p>Files (kernel {@code Documentation/admin-guide/cgroup-v2.rst}): {@code cpu.max} = {@code "QUOTA 100000"}
 * ({@code max}: unlimited); {@code memory.max} is the hard limit (the OOM killer acts past it) and {@code memory.high}
 * at 90 % of it is the brake: past it the kernel throttles and reclaims, so an instance slows before it is killed —
 * the split Kubernetes' MemoryQoS (KEP-2570) makes with its throttling factor of 0.9. CPU use from {@code cpu.stat}
 * {@code usage_usec}; memory use is {@code memory.current} minus {@code inactive_file} of {@code memory.stat}.
 *
 * @param root the unified hierarchy's mount
 */
record CgroupV2(Path root) implements CgroupFiles {

    /** {@code memory.high} as a share of {@code memory.max}. */
    static final double HIGH_SHARE = 0.9;

    @Override
    public String description() {
        return "cgroup v2 (cpu, memory)";
    }

    @Override
    public List<Path> mounts() {
        return List.of(root);
    }

    @Override
    public void enableControllers(Path dir) throws IOException {
        CgroupFiles.write(dir.resolve("cgroup.subtree_control"), "+cpu +memory");
    }

    @Override
    public void apply(Path group, Resources size) throws IOException {
        Path dir = root.resolve(group);
        Cpu c = size.cpu();
        CgroupFiles.write(dir.resolve("cpu.max"),
            (c == null ? "max" : Long.toString(c.millicores() * PERIOD_MICROS / 1000)) + " " + PERIOD_MICROS);
        Memory m = size.memory();
        CgroupFiles.write(dir.resolve("memory.max"), m == null ? "max" : Long.toString(m.bytes()));
        CgroupFiles.write(dir.resolve("memory.high"), m == null ? "max" : Long.toString(high(m.bytes())));
    }

    /** 90 % of {@code max}, rounded down to a 4 KiB page. */
    static long high(long max) {
        return (long) (max * HIGH_SHARE) / 4096 * 4096;
    }

    @Override
    public OptionalLong cpuNanos(Path group) {
        Long usec = CgroupFiles.stat(root.resolve(group).resolve("cpu.stat"), "usage_usec");
        return usec == null ? OptionalLong.empty() : OptionalLong.of(usec * 1000);
    }

    @Override
    public OptionalLong memoryBytes(Path group) {
        Path dir = root.resolve(group);
        return CgroupFiles.workingSet(dir.resolve("memory.current"), dir.resolve("memory.stat"), "inactive_file");
    }
}
