package dev.horizon.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code horizon drain SERVICE ENDPOINT}: no new requests to the endpoint; in-flight ones finish. Given a managed
 * instance id, the instance is drained, stopped and replaced.
 */
@Command(name = "drain", description = {"Stop sending new requests to an endpoint (--undo to resume).",
    "Given a managed instance id (shop-3): drain and stop that instance; the fleet replaces it."})
final class DrainCommand implements Callable<Integer> {

    @Parameters(index = "0", description = "the service")
    String service;

    @Parameters(index = "1", description = "the endpoint (address) or managed instance (id), as in horizon status")
    String endpoint;

    @Option(names = "--undo", description = "take the endpoint back into rotation")
    boolean undo;

    @Mixin
    AdminOptions adminOptions;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        boolean instance = adminOptions.client().drain(service, endpoint, !undo);
        spec.commandLine().getOut().println(undo ? "resumed " + service + " " + endpoint
            : instance ? "draining and stopping " + service + " instance " + endpoint + " (the fleet replaces it)"
            : "draining " + service + " " + endpoint);
        return 0;
    }
}
