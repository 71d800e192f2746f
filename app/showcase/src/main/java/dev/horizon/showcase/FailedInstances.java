package dev.horizon.showcase;

import dev.horizon.fleet.FleetStatus;
import dev.horizon.fleet.InstanceState;
import dev.horizon.fleet.InstanceStatus;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The instances that failed while the demo waits for the shop, each told once with the first error line of its log:
 * {@code shop-1 exited with code 1: demo: shop-1: cannot connect to Redis at redis://127.0.0.1:6390 …}, so the cause
 * shows in the console and not only in {@code .horizon/demo/instances/shop/shop-1.log}.
 */
final class FailedInstances {

    /** Longest log excerpt shown. */
    static final int MAX_EXCERPT = 240;
    /** Lines of a log read at most, looking for an error. */
    static final int MAX_LINES = 2000;

    private static final Pattern ERROR = Pattern.compile(
        "(?i).*(\"level\"\\s*:\\s*\"(error|fatal)\"|\\berror\\b|exception|cannot|refused|failed|^demo: ).*");

    private final Path logs;
    private final Set<String> told = new HashSet<>();

    /** Instances whose logs are {@code logs/ID.log}. */
    FailedInstances(Path logs) {
        this.logs = logs;
    }

    /** One line for each instance that failed since the last call. */
    List<String> newlyFailed(FleetStatus status) {
        List<String> lines = new ArrayList<>();
        for (InstanceStatus i : status.instances()) {
            if (i.state() == InstanceState.FAILED && told.add(i.id())) {
                String what = i.exit() != null ? i.exit().cause() : i.detail();
                String error = firstError(logs.resolve(i.id() + ".log"));
                lines.add(i.id() + " " + what + (error.isEmpty() ? "" : ": " + error));
            }
        }
        return lines;
    }

    /** The first line of the log that reads as an error, else its last non-blank line; empty without a log. */
    static String firstError(Path log) {
        String last = "";
        try (BufferedReader in = Files.newBufferedReader(log, StandardCharsets.UTF_8)) {
            String line;
            for (int n = 0; n < MAX_LINES && (line = in.readLine()) != null; n++) {
                if (ERROR.matcher(line).matches()) {
                    return excerpt(line);
                }
                if (!line.isBlank()) {
                    last = line;
                }
            }
        } catch (IOException e) {
            return "";
        }
        return excerpt(last);
    }

    private static String excerpt(String line) {
        String s = line.strip();
        return s.length() <= MAX_EXCERPT ? s : s.substring(0, MAX_EXCERPT) + "…";
    }
}
