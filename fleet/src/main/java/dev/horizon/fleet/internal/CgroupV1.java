package dev.horizon.fleet.internal;

import dev.horizon.sizing.Cpu;
import dev.horizon.sizing.Memory;
import dev.horizon.sizing.Resources;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import org.jspecify.annotations.Nullable;

/**
 * Cgroup v1: one hierarchy per controller. The group is created in the {@code cpu}, the {@code cpuacct} (when it is
 * mounted apart from {@code cpu}) and the {@code memory} hierarchy.
 *
 * <p>Files (kernel {@code Documentation/scheduler/sched-bwc.rst} and {@code admin-guide/cgroup-v1/memory.rst}):
 * {@code cpu.cfs_period_us} = 100000 and {@code cpu.cfs_quota_us} = millicores × 100 ({@code -1}: unlimited), as the
 * kubelet writes a CPU limit; {@code memory.limit_in_bytes} ({@code -1}: unlimited); swap is left as the host has it.
 * CPU use from {@code cpuacct.usage} (nanoseconds); memory use is {@code memory.usage_in_bytes} minus
 * {@code total_inactive_file} of {@code memory.stat}, the kubelet's working set.
 *
 * @param cpu     the {@code cpu} hierarchy's mount
 * @param cpuacct the {@code cpuacct} hierarchy's mount when apart from {@code cpu}, else null
 * @param memory  the {@code memory} hierarchy's mount
 */
record CgroupV1(Path cpu, @Nullable Path cpuacct, Path memory) implements CgroupFiles {

    @Override
    public String description() {
        return "cgroup v1 (cpu, " + (cpuacct == null ? "" : "cpuacct, ") + "memory)";
    }

    @Override
    public List<Path> mounts() {
        List<Path> mounts = new ArrayList<>(List.of(cpu));
        if (cpuacct != null) {
            mounts.add(cpuacct);
        }
        mounts.add(memory);
        return mounts;
    }

    @Override
    public void apply(Path group, Resources size) throws IOException {
        Path cpuDir = cpu.resolve(group);
        Cpu c = size.cpu();
        CgroupFiles.write(cpuDir.resolve("cpu.cfs_period_us"), Long.toString(PERIOD_MICROS));
        CgroupFiles.write(cpuDir.resolve("cpu.cfs_quota_us"),
            c == null ? "-1" : Long.toString(c.millicores() * PERIOD_MICROS / 1000));
        Memory m = size.memory();
        CgroupFiles.write(memory.resolve(group).resolve("memory.limit_in_bytes"),
            m == null ? "-1" : Long.toString(m.bytes()));
    }

    @Override
    public OptionalLong cpuNanos(Path group) {
        return CgroupFiles.readLong((cpuacct == null ? cpu : cpuacct).resolve(group).resolve("cpuacct.usage"));
    }

    @Override
    public OptionalLong memoryBytes(Path group) {
        Path dir = memory.resolve(group);
        return CgroupFiles.workingSet(dir.resolve("memory.usage_in_bytes"), dir.resolve("memory.stat"),
            "total_inactive_file");
    }
}
