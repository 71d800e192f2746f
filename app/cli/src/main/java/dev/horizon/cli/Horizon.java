package dev.horizon.cli;

import dev.horizon.autoscale.Strategy;
import dev.horizon.duration.DurationText;
import dev.horizon.reshard.ReshardCommand;
import dev.horizon.sizing.ResizePolicy;
import java.io.PrintWriter;
import java.time.Duration;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code horizon} command. Every verb prints a one-line error and exits non-zero on bad input: 2 for a usage or
 * configuration error (a listen address in use, a request the admin API refuses with 4xx), 1 when something it talks
 * to fails (cannot be reached, answers 5xx). Commands signal the first with {@link IllegalArgumentException}.
 */
@Command(name = "horizon", mixinStandardHelpOptions = true, scope = CommandLine.ScopeType.INHERIT,
    version = "horizon 0.1.0",
    description = "Takes a JVM service from one server to many.",
    subcommands = {UpCommand.class, StatusCommand.class, ScaleCommand.class, ResizeCommand.class, DrainCommand.class,
        ExplainCommand.class, AutoscaleCommand.class, BackendCommand.class, DemoCommand.class, ReshardCommand.class,
        TraceCommand.class, PlanCommand.class, ProfileCommand.class, SimCommand.class, DeployCommand.class,
        RolloutCommand.class})
public final class Horizon implements Runnable {

    /** Exit code for bad usage or a bad configuration file. */
    static final int USAGE = 2;
    /** Exit code when the gateway, the admin API or the network fails. */
    static final int FAILURE = 1;

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }

    /** Prints {@code answer} on the command's output; exit code 0. */
    static int print(picocli.CommandLine.Model.CommandSpec spec, String answer) {
        spec.commandLine().getOut().print(answer);
        spec.commandLine().getOut().flush();
        return 0;
    }

    /** Runs the command line and exits with its code. */
    public static void main(String[] args) {
        NettyTuning.apply(System.getProperties());
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs the command line with the given output streams and returns the exit code (for tests). */
    static int run(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cli = new CommandLine(new Horizon());
        // every verb's values as horizon.yaml writes them: durations 2s, 500ms (not picocli's ISO-8601 PT2S),
        // strategies and resize policies in their file spelling (vertical-first, in-place)
        cli.registerConverter(Duration.class, new TextConverter<>(DurationText::parse));
        cli.registerConverter(Strategy.class, new TextConverter<>(Strategy::parse));
        cli.registerConverter(ResizePolicy.class, new TextConverter<>(ResizePolicy::parse));
        cli.registerConverter(dev.horizon.deploy.Strategy.class,
            new TextConverter<>(dev.horizon.deploy.Strategy::parse));
        cli.setOut(out);
        cli.setErr(err);
        cli.setParameterExceptionHandler((e, a) -> {
            err.println("horizon: " + e.getMessage() + " (see horizon --help)");
            return USAGE;
        });
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            err.println("horizon " + commandLine.getCommandName() + ": " + e.getMessage());
            return e instanceof IllegalArgumentException ? USAGE : FAILURE;
        });
        return cli.execute(args);
    }
}
