package dev.horizon.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code horizon status}: the services and endpoints of a running gateway, from its admin API. */
@Command(name = "status", description = "Show services and endpoints of a running horizon.")
final class StatusCommand implements Callable<Integer> {

    @Mixin
    AdminOptions adminOptions;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().getOut().print(adminOptions.client().status());
        spec.commandLine().getOut().flush();
        return 0;
    }
}
