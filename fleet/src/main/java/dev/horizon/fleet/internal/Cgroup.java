package dev.horizon.fleet.internal;

import dev.horizon.sizing.Resources;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * One instance's cgroup: the same relative path in every hierarchy of its {@link CgroupFiles}, its size as last
 * written, its use, and its removal. Thread-safe.
 */
final class Cgroup {

    private static final System.Logger LOG = System.getLogger(Cgroup.class.getName());
    private static final Duration REMOVE_PATIENCE = Duration.ofSeconds(5);

    private final CgroupFiles files;
    private final Path group;
    private volatile Resources size;

    Cgroup(CgroupFiles files, Path group, Resources size) {
        this.files = files;
        this.group = group;
        this.size = size;
    }

    /** The group's directory in every hierarchy, e.g. {@code /sys/fs/cgroup/cpu/horizon/4001-9180020/shop.shop-1}. */
    List<Path> dirs() {
        return files.mounts().stream().map(m -> m.resolve(group)).toList();
    }

    /** The {@code cgroup.procs} files a process writes its pid into to join the group; none without cgroups. */
    List<Path> procsFiles() {
        return dirs().stream().map(d -> d.resolve("cgroup.procs")).toList();
    }

    /** The size last written (or asked for, where nothing enforces it). */
    Resources size() {
        return size;
    }

    /** Writes {@code newSize} into the group's limit files. */
    synchronized void apply(Resources newSize) throws IOException {
        files.apply(group, newSize);
        size = newSize;
    }

    OptionalLong cpuNanos() {
        return files.cpuNanos(group);
    }

    OptionalLong memoryBytes() {
        return files.memoryBytes(group);
    }

    /** The content of one of the group's files (e.g. {@code cpu.cfs_quota_us}), stripped; empty where it is not. */
    Optional<String> read(String file) {
        for (Path dir : dirs()) {
            Path path = dir.resolve(file);
            if (Files.isRegularFile(path)) {
                try {
                    return Optional.of(Files.readString(path, StandardCharsets.US_ASCII).strip());
                } catch (IOException e) {
                    return Optional.empty();
                }
            }
        }
        return Optional.empty();
    }

    /**
     * Kills what still runs in the group and removes its directories, retrying while the kernel still counts tasks in
     * it (rmdir fails with EBUSY until the last one has been reaped); returns the pids it killed. Logs a warning when a
     * directory stays.
     */
    List<Long> remove() {
        return remove(dirs());
    }

    static List<Long> remove(List<Path> dirs) {
        Set<Long> killed = new LinkedHashSet<>();
        long deadline = System.nanoTime() + REMOVE_PATIENCE.toNanos();
        List<Path> left = new ArrayList<>(dirs.stream().filter(Files::isDirectory).toList());
        while (!left.isEmpty()) {
            for (Path dir : List.copyOf(left)) {
                killed.addAll(killTasks(dir));
                try {
                    Files.deleteIfExists(dir);
                    left.remove(dir);
                } catch (IOException e) {
                    if (System.nanoTime() - deadline > 0) {
                        LOG.log(System.Logger.Level.WARNING, "horizon: could not remove cgroup " + dir + ": " + e);
                        left.remove(dir);
                    }
                }
            }
            if (!left.isEmpty()) {
                sleep();
            }
        }
        return List.copyOf(killed);
    }

    /** SIGKILL to every process in the group's {@code cgroup.procs}: a pid listed there is in the group now. */
    private static List<Long> killTasks(Path dir) {
        List<Long> pids = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(dir.resolve("cgroup.procs"), StandardCharsets.US_ASCII)) {
                if (!line.isBlank()) {
                    long pid = Long.parseLong(line.strip());
                    if (pid != ProcessHandle.current().pid()) {
                        ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
                        pids.add(pid);
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            // gone already, or not a group: rmdir says what is wrong
        }
        return pids;
    }

    private static void sleep() {
        try {
            Thread.sleep(10);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return group.toString();
    }
}
