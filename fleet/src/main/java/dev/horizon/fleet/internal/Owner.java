package dev.horizon.fleet.internal;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The Horizon process that made a cgroup or started an instance: its pid and its start time as
 * {@link ProcStat#startTime} gives it ({@code ticks:9180020}, {@code instant:1712345678901}), or {@code null} when that
 * could not be read. Another Horizon removes what an owner left only when the owner is {@link #gone()}, provably.
 *
 * <p>Implementation notes. A start time is compared only with one of the same kind read now: ticks with ticks, an
 * instant with an instant. An owner whose start time is unknown, or was read in another kind, is gone only when its
 * pid names no process at all; a reused pid then keeps its leftovers until the pid is free again, which is the safe
 * side: the other side would be killing a live Horizon's instances.
 *
 * @param pid   the owner's pid
 * @param start its start time, or {@code null} when unknown
 */
record Owner(long pid, @Nullable String start) {

    private static final Pattern NAME = Pattern.compile("([0-9]+)-([0-9]+|i[0-9]+|unknown)");
    private static final String TICKS = "ticks:";
    private static final String INSTANT = "instant:";

    /** This process. */
    static Owner self() {
        long pid = ProcessHandle.current().pid();
        return new Owner(pid, ProcStat.startTime(pid));
    }

    /**
     * The owner's directory name: {@code PID-TICKS} ({@code 4001-9180020}), {@code PID-iMILLIS} for a start instant,
     * or {@code PID-unknown}.
     */
    String name() {
        String s = start;
        if (s != null && s.startsWith(TICKS)) {
            return pid + "-" + s.substring(TICKS.length());
        }
        if (s != null && s.startsWith(INSTANT)) {
            return pid + "-i" + s.substring(INSTANT.length());
        }
        return pid + "-unknown";
    }

    /** The owner a directory name ({@link #name()}) names, or {@code null} when it is not an owner's name. */
    static @Nullable Owner parse(String name) {
        Matcher m = NAME.matcher(name);
        if (!m.matches()) {
            return null;
        }
        String token = m.group(2);
        String start = token.equals("unknown") ? null
            : token.startsWith("i") ? INSTANT + token.substring(1) : TICKS + token;
        return new Owner(Long.parseLong(m.group(1)), start);
    }

    /**
     * Whether the owner has provably ended: its pid names no process, or a process that has exited (a zombie), or one
     * whose start time, read in the same kind as the owner's, differs.
     */
    boolean gone() {
        String now = ProcStat.startTime(pid);
        if (now == null) {
            return ProcStat.of(pid) != null || ProcessHandle.of(pid).isEmpty(); // a zombie, or no such process
        }
        String s = start;
        return s != null && kind(s).equals(kind(now)) && !s.equals(now);
    }

    private static String kind(String start) {
        return start.substring(0, start.indexOf(':') + 1);
    }
}
