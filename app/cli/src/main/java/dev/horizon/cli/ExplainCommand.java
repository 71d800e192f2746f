package dev.horizon.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code horizon explain SERVICE}: the autoscaler's recent decisions for a service, in plain words. */
@Command(name = "explain", description = "Explain what the autoscaler decided for a service, and why.")
final class ExplainCommand implements Callable<Integer> {

    @Parameters(index = "0", description = "the service")
    String service;

    @Option(names = "--json", description = "print the decision log as JSON instead")
    boolean json;

    @Mixin
    AdminOptions adminOptions;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().getOut().print(adminOptions.client().explain(service, json));
        spec.commandLine().getOut().flush();
        return 0;
    }
}
