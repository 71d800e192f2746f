package dev.horizon.fleet.internal;

import dev.horizon.sizing.Resources;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;
import org.jspecify.annotations.Nullable;

/**
 * How one cgroup version lays out an instance's group: the hierarchies it joins, the files that hold its limits and
 * the files that report its use. {@code group} is always a path relative to each hierarchy's mount, e.g.
 * {@code horizon/4001-9180020/shop.shop-1}.
 */
interface CgroupFiles {

    /** The CFS period Horizon writes, 100 ms, the kernel's default and the kubelet's. */
    long PERIOD_MICROS = 100_000;

    /** Where no cgroup is used: no hierarchy, nothing written, nothing measured. */
    CgroupFiles NONE = new CgroupFiles() {
        @Override
        public String description() {
            return "none";
        }

        @Override
        public List<Path> mounts() {
            return List.of();
        }

        @Override
        public void apply(Path group, Resources size) {
            // nothing enforces limits; Cgroups says so once
        }

        @Override
        public OptionalLong cpuNanos(Path group) {
            return OptionalLong.empty();
        }

        @Override
        public OptionalLong memoryBytes(Path group) {
            return OptionalLong.empty();
        }
    };

    /** For {@code horizon status}, e.g. {@code cgroup v1 (cpu, cpuacct, memory)}. */
    String description();

    /** The mount of every hierarchy an instance joins, each once. */
    List<Path> mounts();

    /** Lets the groups below {@code dir} use the controllers (cgroup v2's {@code cgroup.subtree_control}). */
    default void enableControllers(Path dir) throws IOException {
    }

    /** Writes {@code size} into the group's limit files (a missing limit is written as unlimited). */
    void apply(Path group, Resources size) throws IOException;

    /** CPU time used by every process that has been in the group, in nanoseconds; empty when unknown. */
    OptionalLong cpuNanos(Path group);

    /** The group's working set (memory in use minus inactive page cache), in bytes; empty when unknown. */
    OptionalLong memoryBytes(Path group);

    static void write(Path file, String value) throws IOException {
        try {
            Files.writeString(file, value, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new IOException("cannot write '" + value + "' to " + file + ": " + e.getMessage(), e);
        }
    }

    static OptionalLong readLong(Path file) {
        try {
            return OptionalLong.of(Long.parseLong(Files.readString(file, StandardCharsets.US_ASCII).strip()));
        } catch (IOException | RuntimeException e) {
            return OptionalLong.empty();
        }
    }

    /** The value of {@code key} in a flat-keyed file such as {@code memory.stat} or {@code cpu.stat}. */
    static @Nullable Long stat(Path file, String key) {
        try {
            for (String line : Files.readAllLines(file, StandardCharsets.US_ASCII)) {
                int space = line.indexOf(' ');
                if (space > 0 && line.substring(0, space).equals(key)) {
                    return Long.parseLong(line.substring(space + 1).strip());
                }
            }
        } catch (IOException | RuntimeException e) {
            return null;
        }
        return null;
    }

    /** Usage minus inactive file cache, the kubelet's working set, never below 0. */
    static OptionalLong workingSet(Path usage, Path stat, String inactiveKey) {
        OptionalLong used = readLong(usage);
        if (used.isEmpty()) {
            return used;
        }
        Long inactive = stat(stat, inactiveKey);
        return OptionalLong.of(Math.max(0, used.getAsLong() - (inactive == null ? 0 : inactive)));
    }
}
