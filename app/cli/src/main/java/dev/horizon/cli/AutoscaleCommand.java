package dev.horizon.cli;

import dev.horizon.config.ConfigException;
import dev.horizon.config.WhatIfCaseFile;
import dev.horizon.autoscale.WhatIf;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code horizon autoscale}: the autoscaler's tools, offline. */
@Command(name = "autoscale", description = "Autoscaling tools.", subcommands = AutoscaleCommand.WhatIfCommand.class)
final class AutoscaleCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /**
     * {@code horizon autoscale what-if --file CASE.yaml}: one target-tracking evaluation of the case, printed as one
     * JSON line {@code {"desired": N, "raw": N, "utilization": N, "reason": "..."}} (utilization only for CPU).
     */
    @Command(name = "what-if", description = "Evaluate one autoscaling case and print the outcome as JSON.")
    static final class WhatIfCommand implements Callable<Integer> {

        @Option(names = {"-f", "--file"}, required = true, description = "the case (YAML, see docs/autoscale.md)")
        Path file;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            WhatIf.Case c;
            try {
                c = WhatIfCaseFile.load(file);
            } catch (ConfigException e) {
                spec.commandLine().getErr().println("horizon autoscale what-if: " + e.getMessage());
                return Horizon.USAGE;
            }
            spec.commandLine().getOut().println(WhatIf.evaluate(c).toJson());
            return 0;
        }
    }
}
