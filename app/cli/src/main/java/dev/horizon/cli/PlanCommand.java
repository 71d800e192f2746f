package dev.horizon.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code horizon plan}: capacity planning offline, from measurements and queueing models (docs/capacity.md). Today
 * the two quick forms, {@code plan usl} and {@code plan capacity}; the planner over a trace
 * ({@code horizon plan -c horizon.yaml --trace TRACE}, issue 14) is to become this command's own form.
 */
@Command(name = "plan", description = {"Capacity planning, offline (docs/capacity.md).",
    "  plan usl       fit the Universal Scalability Law to load-test measurements",
    "  plan capacity  the fewest instances that meet a p95 target (M/M/c, Erlang C)",
    "The strategy planner over a traffic trace (plan -c horizon.yaml --trace TRACE) is not built yet."},
    subcommands = {PlanUslCommand.class, PlanCapacityCommand.class})
final class PlanCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
