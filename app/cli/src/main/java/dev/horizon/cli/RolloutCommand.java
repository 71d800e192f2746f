package dev.horizon.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code horizon rollout status|promote|abort|undo SERVICE}: follows and steers a service's rollout. */
@Command(name = "rollout", description = "Follow and steer a service's rollout.",
    subcommands = {RolloutCommand.Status.class, RolloutCommand.Promote.class, RolloutCommand.Abort.class,
        RolloutCommand.Undo.class})
final class RolloutCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getOut());
        return Horizon.USAGE;
    }

    /** {@code horizon rollout status SERVICE [--json]}. */
    @Command(name = "status", description = "Show the rollout under way (or the last one) and the revisions.")
    static final class Status implements Callable<Integer> {
        @Parameters(index = "0", description = "the service")
        String service;

        @Option(names = "--json", description = "print it as JSON (revision, strategy, phase, weight, analysis …)")
        boolean json;

        @Mixin
        AdminOptions adminOptions;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            String answer = adminOptions.client().rolloutStatus(service, json);
            spec.commandLine().getOut().print(json && !answer.endsWith("\n") ? answer + "\n" : answer);
            spec.commandLine().getOut().flush();
            return 0;
        }
    }

    /** What {@code promote}, {@code abort} and {@code undo} share: one admin call, its answer printed. */
    abstract static class Steer implements Callable<Integer> {
        @Parameters(index = "0", description = "the service")
        String service;

        @Mixin
        AdminOptions adminOptions;

        @Spec
        CommandSpec spec;

        /** The admin route's last segment. */
        abstract String verb();

        /** {@code promote --full}. */
        boolean full() {
            return false;
        }

        @Override
        public Integer call() {
            return Horizon.print(spec, adminOptions.client().rollout(service, verb(), full()));
        }
    }

    /** {@code horizon rollout promote SERVICE [--full]}. */
    @Command(name = "promote", description = "Go on to the next step (resuming a paused rollout); blue-green: switch "
        + "every request to the new revision.")
    static final class Promote extends Steer {
        @Option(names = "--full", description = "skip the remaining steps and promote at once")
        boolean full;

        @Override
        String verb() {
            return "promote";
        }

        @Override
        boolean full() {
            return full;
        }
    }

    /** {@code horizon rollout abort SERVICE}. */
    @Command(name = "abort", description = "Stop the rollout: every request to the stable revision, the new one "
        + "drained.")
    static final class Abort extends Steer {
        @Override
        String verb() {
            return "abort";
        }
    }

    /** {@code horizon rollout undo SERVICE}. */
    @Command(name = "undo", description = "Go back to the revision before (blue-green: an instant switch back within "
        + "its scale-down delay).")
    static final class Undo extends Steer {
        @Override
        String verb() {
            return "undo";
        }
    }
}
