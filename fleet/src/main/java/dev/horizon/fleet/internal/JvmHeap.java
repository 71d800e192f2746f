package dev.horizon.fleet.internal;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The largest heap a JVM fixed for itself at start: what a memory limit must not go below while it runs.
 *
 * <p>Implementation notes. HotSpot re-reads its container's CPU limit at run time but sizes its heap once, at start
 * (JDK-8146115, container awareness): {@code -Xmx} (or {@code -XX:MaxHeapSize}) when given, else from the memory
 * it saw — the cgroup's limit, or {@code -XX:MaxRAM} when smaller, or the machine's memory when it had no limit — as
 * {@code Arguments::set_heap_size} does: {@code MinRAMPercentage} (default 50) of it when that is less than the default
 * max heap (96 MB scaled by 1.3 for 64-bit words), else {@code MaxRAMPercentage} (default 25) of it but at least that
 * default. So 200 MiB gives 100 MiB, 256 MiB about 125 MiB, 1 GiB 256 MiB. The last occurrence of a flag wins, and
 * {@code JAVA_TOOL_OPTIONS} and {@code JDK_JAVA_OPTIONS} come before the command line. HotSpot then aligns the heap to
 * its alignment (up to a few MiB more); the estimate leaves that out.
 *
 * <p>The JVM's options end at the main class, or after {@code -jar FILE} or {@code -m MODULE}: what follows are the
 * program's arguments. Options the launcher reads with their value in the next word ({@code -cp app.jar}) are those
 * of {@code IsWhiteSpaceOption} in the launcher's {@code java.c} (class path, module and launcher options); their
 * values are skipped, so {@code java -cp app.jar -Xmx512m Main} is read to its {@code -Xmx}.
 */
final class JvmHeap {

    /** HotSpot's default {@code MaxRAMPercentage}. */
    static final double DEFAULT_MAX_PERCENTAGE = 25;

    /** HotSpot's default {@code MinRAMPercentage}. */
    static final double DEFAULT_MIN_PERCENTAGE = 50;

    /** HotSpot's default {@code MaxHeapSize} on 64-bit: {@code ScaleForWordSize(96M)}, 96 MiB × 13 / 10. */
    static final long DEFAULT_MAX_HEAP = (96L << 20) * 13 / 10 / 8 * 8;

    private static final Pattern SIZE = Pattern.compile("([0-9]+)([kKmMgGtT]?)");

    /** Options whose value is the next word: {@code IsWhiteSpaceOption} of OpenJDK's {@code libjli/java.c}. */
    private static final Set<String> VALUE_NEXT = Set.of("-cp", "-classpath", "--class-path", "-p", "--module-path",
        "--upgrade-module-path", "--add-modules", "--enable-native-access", "--limit-modules", "--add-exports",
        "--add-opens", "--add-reads", "--patch-module", "-d", "--describe-module", "--source");

    /** Options after which the program's own arguments begin (their value first). */
    private static final Set<String> LAST = Set.of("-jar", "-m", "--module");

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
        double percentage = DEFAULT_MAX_PERCENTAGE;
        double minPercentage = DEFAULT_MIN_PERCENTAGE;
        int k = 1;
        while (k < argv.size()) {
            String arg = argv.get(k);
            k += VALUE_NEXT.contains(arg) ? 2 : 1;
            if (!arg.startsWith("-") || LAST.contains(arg) || arg.startsWith("--module=")) {
                break; // the main class, -jar's file or -m's module: the rest are the program's arguments
            } else if (arg.startsWith("-Xmx")) {
                xmx = bytes(arg.substring(4), xmx);
            } else if (arg.startsWith("-XX:MaxHeapSize=")) {
                xmx = bytes(arg.substring("-XX:MaxHeapSize=".length()), xmx);
            } else if (arg.startsWith("-XX:MaxRAM=")) {
                maxRam = bytes(arg.substring("-XX:MaxRAM=".length()), maxRam);
            } else if (arg.startsWith("-XX:MaxRAMPercentage=")) {
                percentage = percentage(arg.substring("-XX:MaxRAMPercentage=".length()), percentage);
            } else if (arg.startsWith("-XX:MinRAMPercentage=")) {
                minPercentage = percentage(arg.substring("-XX:MinRAMPercentage=".length()), minPercentage);
            }
        }
        if (xmx >= 0) {
            return OptionalLong.of(xmx);
        }
        long seen = maxRam >= 0 ? Math.min(maxRam, memory) : memory;
        long small = (long) (seen * minPercentage / 100);
        return OptionalLong.of(small < DEFAULT_MAX_HEAP ? small
            : Math.max((long) (seen * percentage / 100), DEFAULT_MAX_HEAP));
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
