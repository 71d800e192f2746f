package dev.horizon.cli;

import dev.horizon.sim.trace.Trace;
import dev.horizon.sim.trace.TraceCsv;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code horizon trace export SERVICE --out FILE [--last 10m | --since TIME]}: the requests per second the running
 * gateway recorded for a service ({@code GET /admin/services/{s}/trace}), written as the simulator's
 * {@code seconds,rps} CSV. The answer is read back with {@link TraceCsv} before anything is written, and the file is
 * written next to its place and then moved there, so a failure never leaves a half-written file. Exit 2 for a wrong
 * request (an unknown service, with a suggestion; nothing recorded; a file that cannot be written), 1 when the admin
 * API cannot be reached or fails.
 */
@Command(name = "export", description = {
    "Write the requests per second the running gateway recorded for SERVICE (the last day at most) as a "
        + "seconds,rps trace for the simulator.",
    "Rows start at the first recorded request (or at --last/--since); the last row is the second under way."})
final class TraceExportCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "SERVICE", description = "the service")
    String service;

    @Option(names = {"-o", "--out"}, required = true, paramLabel = "FILE.csv", description = "where to write the trace")
    Path out;

    @Option(names = "--last", paramLabel = "DURATION", description = "only the last DURATION (e.g. 10m, 2h)")
    @Nullable String last;

    @Option(names = "--since", paramLabel = "TIME", description = "only from TIME on (ISO-8601, e.g. "
        + "2026-12-02T14:00:00Z)")
    @Nullable String since;

    @Mixin
    AdminOptions adminOptions;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        try {
            String csv = adminOptions.client().trace(service, since, last);
            if (csv.lines().noneMatch(line -> !line.isEmpty() && Character.isDigit(line.charAt(0)))) {
                throw new IllegalArgumentException(service + ": no requests recorded" + (since != null || last != null
                    ? " in that time" : " yet") + "; nothing written");
            }
            Trace trace = TraceCsv.read("the admin API's trace of " + service, new StringReader(csv));
            AtomicFile.write(out, csv);
            spec.commandLine().getOut().println("wrote " + out + ": " + trace.summary());
            spec.commandLine().getOut().flush();
            return 0;
        } catch (IllegalArgumentException e) {
            spec.commandLine().getErr().println("horizon trace export: " + e.getMessage());
            return Horizon.USAGE;
        } catch (IllegalStateException | IOException e) {
            spec.commandLine().getErr().println("horizon trace export: " + e.getMessage());
            return Horizon.FAILURE;
        }
    }


}
