package dev.horizon.control;

import dev.horizon.fleet.InstanceStatus;
import dev.horizon.sizing.Cpu;
import dev.horizon.sizing.Memory;
import java.util.Locale;

/** An instance's use of its size, as the {@code horizon status} table shows it: {@code 412m 82%}, {@code 96Mi 19%}. */
final class SizeUse {

    private SizeUse() {
    }

    /** CPU over the last second in millicores, and the share of its CPU limit when it has one; {@code -} unknown. */
    static String cpu(InstanceStatus i) {
        if (i.cpuMillicores().isEmpty()) {
            return "-";
        }
        long used = i.cpuMillicores().getAsLong();
        Cpu limit = i.size().cpu();
        return limit == null ? used + "m" : String.format(Locale.ROOT, "%dm %d%%", used,
            Math.round(100.0 * used / limit.millicores()));
    }

    /** Memory in use, and the share of its memory limit when it has one; {@code -} when unknown. */
    static String memory(InstanceStatus i) {
        if (i.memoryBytes().isEmpty()) {
            return "-";
        }
        long used = i.memoryBytes().getAsLong();
        Memory limit = i.size().memory();
        return limit == null ? Memory.rounded(used) : String.format(Locale.ROOT, "%s %d%%", Memory.rounded(used),
            Math.round(100.0 * used / limit.bytes()));
    }
}
