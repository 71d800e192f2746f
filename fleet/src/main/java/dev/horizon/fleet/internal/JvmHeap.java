package dev.horizon.fleet.internal;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The largest heap a JVM fixed for itself at start: what a memory limit must not go below while it runs.
 *
 * <p>Implementation notes. HotSpot re-reads its container's CPU limit at run time but sizes its heap once, at start
 * (JDK-8146115, container awareness): {@code -Xmx} (or {@code -XX:MaxHeapSize}) when given, else
 * {@code MaxRAMPercentage} (default 25) of the memory it saw — the cgroup's limit, or {@code -XX:MaxRAM} when smaller,
 * or the machine's memory when it had no limit. The last occurrence of a flag wins, and {@code JAVA_TOOL_OPTIONS} and
 * {@code JDK_JAVA_OPTIONS} come before the command line. Left out: {@code MinRAMPercentage} (50), which HotSpot uses
 * instead on machines under about 250 MB; this estimate is then low, never high.
 */
final class JvmHeap {

    /** HotSpot's default {@code MaxRAMPercentage}. */
    static final double DEFAULT_PERCENTAGE = 25;

    private static final Pattern SIZE = Pattern.compile("([0-9]+)([kKmMgGtT]?)");

    private JvmHeap() {
    }

    /**
     * The max heap of a process running {@code argv} (options from the environment first), which saw {@code memory}
     * bytes at start; empty when it is not a JVM ({@code java} as its program).
     */
    static OptionalLong maxBytes(List<String> argv, long memory) {
        if (argv.isEmpty() || !Path.of(argv.getFirst()).getFileName().toString().equals("java")) {
            return OptionalLong.empty();
        }
        long xmx = -1;
        long maxRam = -1;
        double percentage = DEFAULT_PERCENTAGE;
        for (String arg : argv.subList(1, argv.size())) {
            if (arg.startsWith("-Xmx")) {
                xmx = bytes(arg.substring(4), xmx);
            } else if (arg.startsWith("-XX:MaxHeapSize=")) {
                xmx = bytes(arg.substring("-XX:MaxHeapSize=".length()), xmx);
            } else if (arg.startsWith("-XX:MaxRAM=")) {
                maxRam = bytes(arg.substring("-XX:MaxRAM=".length()), maxRam);
            } else if (arg.startsWith("-XX:MaxRAMPercentage=")) {
                percentage = percentage(arg.substring("-XX:MaxRAMPercentage=".length()), percentage);
            } else if (!arg.startsWith("-")) {
                break; // the main class or -jar's file: the rest are the program's arguments
            }
        }
        if (xmx >= 0) {
            return OptionalLong.of(xmx);
        }
        long seen = maxRam >= 0 ? Math.min(maxRam, memory) : memory;
        return OptionalLong.of((long) (seen * percentage / 100));
    }

    private static long bytes(String text, long otherwise) {
        Matcher m = SIZE.matcher(text);
        if (!m.matches()) {
            return otherwise;
        }
        int shift = switch (m.group(2).toLowerCase(Locale.ROOT)) {
            case "k" -> 10;
            case "m" -> 20;
            case "g" -> 30;
            case "t" -> 40;
            default -> 0;
        };
        return Long.parseLong(m.group(1)) << shift;
    }

    private static double percentage(String text, double otherwise) {
        try {
            return Double.parseDouble(text);
        } catch (NumberFormatException e) {
            return otherwise;
        }
    }
}
