package dev.horizon.fleet.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * {@code STATE_DIR/SERVICE/INSTANCE.pid}: which process runs an instance and which Horizon process started it, each as
 * a pid plus that process's start time, so that neither can be mistaken for a later process that reuses the pid.
 *
 * <pre>
 * pid=41234
 * start=ticks:9183312
 * owner=41001
 * owner-start=ticks:9180020
 * </pre>
 *
 * @param pid        the instance's process
 * @param start      its start time ({@link ProcStat#startTime})
 * @param owner      the Horizon process that started it, or 0 when unknown
 * @param ownerStart the owner's start time, or {@code null} when unknown
 */
record PidFile(long pid, String start, long owner, @Nullable String ownerStart) {

    static final String SUFFIX = ".pid";

    /** Writes the file whole or not at all (a temporary file moved into place). */
    void write(Path file) throws IOException {
        StringBuilder text = new StringBuilder().append("pid=").append(pid).append('\n')
            .append("start=").append(start).append('\n');
        if (owner != 0) {
            text.append("owner=").append(owner).append('\n');
        }
        if (owner != 0 && ownerStart != null) {
            text.append("owner-start=").append(ownerStart).append('\n');
        }
        Path temp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(temp, text, StandardCharsets.UTF_8);
        Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** The file's content, or {@code null} when it is gone or is not a pid file. */
    static @Nullable PidFile read(Path file) throws IOException {
        Map<String, String> values = new LinkedHashMap<>();
        try {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                int eq = line.indexOf('=');
                if (eq > 0) {
                    values.put(line.substring(0, eq).trim(), line.substring(eq + 1).trim());
                }
            }
        } catch (NoSuchFileException e) {
            return null;
        }
        String pid = values.get("pid");
        String start = values.get("start");
        if (pid == null || start == null || start.isEmpty()) {
            return null;
        }
        try {
            String owner = values.get("owner");
            return new PidFile(Long.parseLong(pid), start, owner == null ? 0 : Long.parseLong(owner),
                values.get("owner-start"));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** Whether the process named by {@code pid} and {@code start} still runs (and is not a reuse of its pid). */
    static boolean running(long pid, @Nullable String start) {
        return pid > 0 && start != null && start.equals(ProcStat.startTime(pid));
    }
}
