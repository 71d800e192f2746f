package dev.horizon.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code horizon scale SERVICE N}: sets the desired instance count of a managed service, within its min and max. The
 * answer says when the service's autoscaler will override the count at its next evaluation.
 */
@Command(name = "scale", description = "Set the desired number of instances of a managed service.")
final class ScaleCommand implements Callable<Integer> {

    @Parameters(index = "0", description = "the service")
    String service;

    @Parameters(index = "1", description = "the desired number of instances (within instances.min..max)")
    int instances;

    @Mixin
    AdminOptions adminOptions;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        if (instances < 0) {
            throw new ParameterException(spec.commandLine(), "N: " + instances + " (expected: >= 0)");
        }
        spec.commandLine().getOut().print(adminOptions.client().scale(service, instances));
        spec.commandLine().getOut().flush();
        return 0;
    }
}
