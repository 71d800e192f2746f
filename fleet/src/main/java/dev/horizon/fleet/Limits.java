package dev.horizon.fleet;

import java.util.Objects;

/**
 * Whether a {@link Provider} enforces instances' sizes, and how or why not, for {@code horizon status}.
 *
 * @param enforced whether the CPU and memory limits of a size are enforced
 * @param text     one line: how they are enforced ({@code cgroup v1 (cpu, cpuacct, memory)}), or {@code limits not
 *                 enforced: } and why ({@code limits not enforced: /sys/fs/cgroup/cpu/horizon: Read-only file system})
 */
public record Limits(boolean enforced, String text) {

    /** Validates the text. */
    public Limits {
        Objects.requireNonNull(text, "text");
    }

    /** Limits enforced by {@code how}. */
    public static Limits enforcedBy(String how) {
        return new Limits(true, how);
    }

    /** Limits not enforced because of {@code why}; the text is {@code limits not enforced: WHY}. */
    public static Limits notEnforced(String why) {
        return new Limits(false, "limits not enforced: " + why);
    }

    @Override
    public String toString() {
        return text;
    }
}
