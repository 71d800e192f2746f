package dev.horizon.cli;

import dev.horizon.sizing.Cpu;
import dev.horizon.sizing.Memory;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code horizon resize SERVICE --cpu 1500m [--memory 1Gi] [--instance ID]}: gives a managed service's instances a new
 * size. The answer says whether it happens in place or by replacing the instances one at a time, and why.
 */
@Command(name = "resize", description = "Give the instances of a managed service a new CPU and memory size.")
final class ResizeCommand implements Callable<Integer> {

    @Parameters(index = "0", description = "the service")
    String service;

    @Option(names = "--cpu", paramLabel = "CPU", description = "the new CPU limit per instance: 250m, 1500m, 2")
    @Nullable String cpu;

    @Option(names = "--memory", paramLabel = "MEMORY", description = "the new memory limit per instance: 512Mi, 1Gi")
    @Nullable String memory;

    @Option(names = "--instance", paramLabel = "ID", description = "resize this instance only (e.g. shop-2)")
    @Nullable String instance;

    @Mixin
    AdminOptions adminOptions;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        String c = cpu;
        String m = memory;
        if (c == null && m == null) {
            throw new ParameterException(spec.commandLine(), "give --cpu, --memory or both");
        }
        check(c == null ? null : () -> Cpu.parse(c), "--cpu", c);
        check(m == null ? null : () -> Memory.parse(m), "--memory", m);
        spec.commandLine().getOut().print(adminOptions.client().resize(service, c, m, instance));
        spec.commandLine().getOut().flush();
        return 0;
    }

    /** Refuses a malformed value before anything is sent, with the same expectation the server would give. */
    private void check(@Nullable Runnable parse, String option, @Nullable String value) {
        if (parse == null) {
            return;
        }
        try {
            parse.run();
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), option + ": " + value + " " + e.getMessage(), e, null,
                value);
        }
    }
}
