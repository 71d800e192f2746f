package dev.horizon.cli;

import dev.horizon.deploy.Strategy;
import java.util.LinkedHashMap;
import java.util.Map;
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
 * {@code horizon deploy SERVICE [--command "PROGRAM ARG …"] [--env K=V …] [--strategy rolling|blue-green|canary]}:
 * ships a new revision of a managed service — the serving revision's template with the parts named here replaced —
 * and starts its rollout; {@code horizon rollout status SERVICE} follows it.
 */
@Command(name = "deploy", description = "Ship a new revision of a managed service (rolling, blue-green or canary).")
final class DeployCommand implements Callable<Integer> {

    @Parameters(index = "0", description = "the service")
    String service;

    @Option(names = "--command", paramLabel = "\"PROGRAM ARG …\"", description = "the new instances.command, as one "
        + "string split on spaces (default: the serving revision's)")
    @Nullable String command;

    @Option(names = "--env", paramLabel = "K=V", description = "an environment variable of the new revision, added "
        + "to (or replacing one of) the serving revision's; repeatable")
    Map<String, String> env = new LinkedHashMap<>();

    @Option(names = "--strategy", paramLabel = "rolling|blue-green|canary", description = "how to roll it out "
        + "(default: the service's deploy.strategy)")
    @Nullable Strategy strategy;

    @Mixin
    AdminOptions adminOptions;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        String c = command;
        if (c != null && c.isBlank()) {
            throw new ParameterException(spec.commandLine(), "--command: empty (expected: the program and its "
                + "arguments as one string)");
        }
        Strategy s = strategy;
        spec.commandLine().getOut().print(adminOptions.client().deploy(service, c == null ? null : c.trim(), env,
            s == null ? null : s.text()));
        spec.commandLine().getOut().flush();
        return 0;
    }
}
