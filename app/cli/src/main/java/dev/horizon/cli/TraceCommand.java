package dev.horizon.cli;

import dev.horizon.sim.trace.Trace;
import dev.horizon.sim.trace.TraceCsv;
import dev.horizon.sim.trace.Traces;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code horizon trace}: traffic traces for the simulator (docs/sim.md, section Traces). */
@Command(name = "trace", subcommands = {TraceCommand.GenerateCommand.class, TraceExportCommand.class},
    description = "Traffic traces for the simulator: requests per second, second by second (docs/sim.md).")
final class TraceCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /**
     * {@code horizon trace generate SPEC [--out FILE.csv]}: the trace of a shape spec (or a CSV file, to see it), its
     * one-line summary printed ({@code 3h, 18,900,000 requests, peak 10,000 rps at 1h}) and, with {@code --out},
     * written as {@code seconds,rps} CSV. A bad spec or file is one line on standard error and exit code 2.
     */
    @Command(name = "generate", description = {
        "Generate a trace from a shape spec and print its summary: duration, total requests, peak rps and when.",
        "SPEC is SHAPE or SHAPE:NAME=VALUE,..., e.g. flash-sale:base=100,multiplier=100,start=1h,length=30m; "
            + "shapes: daily, flash-sale, growth, spike (parameters and defaults in docs/sim.md). "
            + "A CSV file path works too."})
    static final class GenerateCommand implements Callable<Integer> {

        @Parameters(index = "0", paramLabel = "SPEC", description = "a shape spec, or a CSV file to summarize")
        String spec;

        @Option(names = {"-o", "--out"}, paramLabel = "FILE.csv",
            description = "also write the trace there as seconds,rps CSV, one row per second")
        @Nullable Path out;

        @Spec
        CommandSpec command;

        @Override
        public Integer call() {
            try {
                Trace trace = Traces.load(spec);
                if (out != null) {
                    TraceCsv.write(trace, out);
                }
                command.commandLine().getOut().println((out == null ? "" : "wrote " + out + ": ") + trace.summary());
                return 0;
            } catch (IllegalArgumentException | UncheckedIOException e) {
                command.commandLine().getErr().println("horizon trace generate: " + e.getMessage());
                return e instanceof IllegalArgumentException ? Horizon.USAGE : Horizon.FAILURE;
            }
        }
    }
}
