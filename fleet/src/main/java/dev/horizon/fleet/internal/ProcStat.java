package dev.horizon.fleet.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;
import org.jspecify.annotations.Nullable;

/**
 * Reads {@code /proc/PID/stat} (proc(5)). Times there are in clock ticks of {@code USER_HZ}, which the kernel fixes
 * at 100 per second for user space on every Linux architecture ({@code getconf CLK_TCK}), whatever {@code CONFIG_HZ}.
 *
 * <p>Field 2, the command name, is in parentheses and may itself contain spaces and parentheses, so fields are
 * counted from the last {@code ')'}.
 */
final class ProcStat {

    static final long NANOS_PER_TICK = 1_000_000_000L / 100;

    private static final int STATE = 3;
    private static final int PGRP = 5;
    private static final int UTIME = 14;
    private static final int STIME = 15;
    private static final int CUTIME = 16;
    private static final int CSTIME = 17;
    private static final int STARTTIME = 22;

    private final String[] fields;

    private ProcStat(String[] fields) {
        this.fields = fields;
    }

    /** The process's stat, or {@code null} when it is gone or {@code /proc} cannot be read. */
    static @Nullable ProcStat of(long pid) {
        try {
            String line = Files.readString(Path.of("/proc", Long.toString(pid), "stat"), StandardCharsets.UTF_8);
            int close = line.lastIndexOf(')');
            if (close < 0 || close + 2 > line.length()) {
                return null;
            }
            String[] fields = line.substring(close + 2).trim().split(" ");
            return fields.length > STARTTIME - 3 ? new ProcStat(fields) : null;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private long field(int number) {
        return Long.parseLong(fields[number - 3]);
    }

    /** Whether the process has exited and waits to be reaped (state {@code Z}, or {@code X} while it goes). */
    boolean exited() {
        char state = fields[STATE - 3].charAt(0);
        return state == 'Z' || state == 'X';
    }

    /** The process group id. */
    long processGroup() {
        return field(PGRP);
    }

    /** When the process started, in ticks since boot: together with the pid, it names one process for ever. */
    long startTicks() {
        return field(STARTTIME);
    }

    /** User plus system time of the process itself, in nanoseconds. */
    long ownCpuNanos() {
        return (field(UTIME) + field(STIME)) * NANOS_PER_TICK;
    }

    /** User plus system time of the children it has waited for, in nanoseconds. */
    long reapedChildrenCpuNanos() {
        return (field(CUTIME) + field(CSTIME)) * NANOS_PER_TICK;
    }

    /**
     * CPU time of a process, its waited-for children and its live descendants, in nanoseconds; empty when the process
     * is gone. Falls back to {@link ProcessHandle.Info#totalCpuDuration()} (the process alone) without {@code /proc}.
     */
    static OptionalLong cpuNanosWithDescendants(ProcessHandle process) {
        ProcStat own = of(process.pid());
        if (own == null) {
            return process.info().totalCpuDuration().map(d -> OptionalLong.of(d.toNanos()))
                .orElse(OptionalLong.empty());
        }
        long total = own.ownCpuNanos() + own.reapedChildrenCpuNanos();
        for (ProcessHandle child : process.descendants().toList()) {
            ProcStat stat = of(child.pid());
            if (stat != null) {
                total += stat.ownCpuNanos();
            }
        }
        return OptionalLong.of(total);
    }

    /**
     * The resident set of a process in bytes, from {@code /proc/PID/statm} (its second field, in pages; 4 KiB pages
     * assumed, as on x86-64 and most arm64 kernels); empty when it cannot be read.
     */
    static OptionalLong residentBytes(long pid) {
        try {
            String[] statm = Files.readString(Path.of("/proc", Long.toString(pid), "statm"), StandardCharsets.US_ASCII)
                .strip().split(" ");
            return OptionalLong.of(Long.parseLong(statm[1]) * 4096);
        } catch (IOException | RuntimeException e) {
            return OptionalLong.empty();
        }
    }

    /** The live processes in process group {@code pgid}; empty without {@code /proc}. */
    static List<ProcessHandle> groupMembers(long pgid) {
        return ProcessHandle.allProcesses().filter(p -> {
            ProcStat stat = of(p.pid());
            return stat != null && stat.processGroup() == pgid;
        }).toList();
    }

    /**
     * A text that names the process with this pid as long as it lives and never another one: the start time in ticks
     * since boot from {@code /proc}, or the start instant where there is no {@code /proc}; {@code null} when the
     * process is gone. A zombie is gone: it has exited, only its parent has not reaped it yet (a Horizon killed with
     * SIGKILL is one until its own parent waits for it).
     */
    static @Nullable String startTime(long pid) {
        ProcStat stat = of(pid);
        if (stat != null) {
            return stat.exited() ? null : "ticks:" + stat.startTicks();
        }
        return ProcessHandle.of(pid).flatMap(p -> p.info().startInstant()).map(i -> "instant:" + i.toEpochMilli())
            .orElse(null);
    }
}
