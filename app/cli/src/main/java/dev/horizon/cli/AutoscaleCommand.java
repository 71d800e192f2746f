package dev.horizon.cli;

import dev.horizon.autoscale.VerticalPolicy;
import dev.horizon.autoscale.WhatIf;
import dev.horizon.config.ConfigException;
import dev.horizon.config.WhatIfCase;
import dev.horizon.config.WhatIfCaseFile;
import dev.horizon.sizing.Resources;
import java.nio.file.Path;
import java.util.Objects;
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
     * {@code horizon autoscale what-if --file CASE.yaml [--text]}: one evaluation of the case, printed as one JSON line
     * {@code {"desired": N, "raw": N, "utilization": N, "reason": "..."}} (utilization only for CPU), to which a case
     * with a strategy other than horizontal adds {@code "sizeBefore"} and {@code "size"}; with {@code --text}, one line
     * in the decision log's words ({@code resized 1000m → 2000m: ...}).
     */
    @Command(name = "what-if", description = "Evaluate one autoscaling case and print the outcome as JSON, or in "
        + "words with --text.")
    static final class WhatIfCommand implements Callable<Integer> {

        @Option(names = {"-f", "--file"}, required = true, description = "the case (YAML, see docs/autoscale.md)")
        Path file;

        @Option(names = "--text", description = "print the outcome in words, as horizon explain does, instead of JSON")
        boolean text;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            WhatIfCase c;
            try {
                c = WhatIfCaseFile.load(file);
            } catch (ConfigException e) {
                spec.commandLine().getErr().println("horizon autoscale what-if: " + e.getMessage());
                return Horizon.USAGE;
            }
            VerticalPolicy vertical = c.vertical();
            int current = c.count().current();
            String out;
            if (vertical == null) {
                WhatIf.Result r = WhatIf.evaluate(c.count());
                out = text ? counted(current, r.desired()) + ": " + r.reason() : r.toJson();
            } else {
                WhatIf.Sized s = WhatIf.evaluate(c.count(), c.strategy(), vertical, c.size());
                out = text ? what(current, s) + ": " + s.reason() : s.toJson();
            }
            spec.commandLine().getOut().println(out);
            return 0;
        }

        /** {@code scaled 3 → 5} or {@code stayed at 3}, as the decision log says it. */
        private static String counted(int current, int desired) {
            return desired == current ? "stayed at " + current : "scaled " + current + " → " + desired;
        }

        /**
         * What a sized outcome does, in the decision log's words ({@code DecisionLog.what}): {@code resized 500m →
         * 1000m}, {@code resized 500m → 1000m and scaled 1 → 2}, {@code scaled 1 → 2}, {@code stayed at 2 × 500m}.
         */
        private static String what(int current, WhatIf.Sized s) {
            int desired = s.count().desired();
            Resources before = s.before();
            Resources after = s.size();
            if (before.equals(after)) {
                return desired == current ? "stayed at " + current + " × " + before.cpu() : counted(current, desired);
            }
            String resized = "resized " + (Objects.equals(before.memory(), after.memory())
                ? before.cpu() + " → " + after.cpu() : before.brief() + " → " + after.brief());
            return desired == current ? resized : resized + " and " + counted(current, desired);
        }
    }
}
