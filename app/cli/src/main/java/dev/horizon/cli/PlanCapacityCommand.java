package dev.horizon.cli;

import dev.horizon.duration.DurationText;
import dev.horizon.sim.model.MmcQueue;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code horizon plan capacity --rate R --service-time S --target-p95 T [--format json]}: the fewest instances whose
 * p95 response time meets the target when requests arrive at random (Poisson) at {@code R} per second and each takes
 * an exponential time with mean {@code S} on one instance (M/M/c, Erlang C; {@link MmcQueue#fewestInstances}).
 * Prints the answer with its arithmetic in words, and for one instance fewer why it does not do; with
 * {@code --format json}, one JSON line. A target no number of instances can meet is a one-line error, exit 2.
 */
@Command(name = "capacity", description = "The fewest instances that keep the p95 response time at or under a "
    + "target, by M/M/c with Erlang C: Poisson arrivals, exponential service times, one shared queue.")
final class PlanCapacityCommand implements Callable<Integer> {

    @Option(names = "--rate", required = true, paramLabel = "R", description = "arrivals, requests per second")
    double rate;

    @Option(names = "--service-time", required = true, paramLabel = "S",
        description = "mean time one instance spends on a request, e.g. 20ms")
    Duration serviceTime;

    @Option(names = "--target-p95", required = true, paramLabel = "T",
        description = "the p95 response time (wait + service) to stay at or under, e.g. 100ms")
    Duration targetP95;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text",
        description = "text or json (default: ${DEFAULT-VALUE})")
    String format;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        if (!format.equals("text") && !format.equals("json")) {
            return refuse("--format: '" + format + "' (expected: text or json)");
        }
        if (!(rate > 0) || !Double.isFinite(rate)) {
            return refuse("--rate: " + (Double.isFinite(rate) ? PlanNumbers.significant(rate) : rate)
                + " (expected: requests per second > 0)");
        }
        if (serviceTime.isZero() || targetP95.isZero()) {
            return refuse((serviceTime.isZero() ? "--service-time" : "--target-p95") + ": 0s (expected: more than 0)");
        }
        double service = seconds(serviceTime);
        double target = seconds(targetP95);
        Optional<MmcQueue> fewest = MmcQueue.fewestInstances(rate, service, target);
        if (fewest.isEmpty()) {
            double floor = MmcQueue.p95Floor(service);
            return refuse(target <= floor
                ? "target p95 " + DurationText.format(targetP95) + " is not above " + ms(floor)
                    + ", the p95 of the service time alone (" + DurationText.format(serviceTime)
                    + " × ln 20): no number of instances meets it"
                : "target p95 " + DurationText.format(targetP95) + " would take more than " + MmcQueue.MAX_SERVERS
                    + " instances");
        }
        MmcQueue queue = fewest.orElseThrow();
        // println, not print: the writer flushes on a line's end
        spec.commandLine().getOut().println(format.equals("json") ? json(queue) : text(queue));
        return 0;
    }

    /** Two lines: the answer with its arithmetic, then why one instance fewer does not do (none for 1). */
    private String text(MmcQueue queue) {
        int c = queue.servers();
        String answer = instances(c) + ": " + PlanNumbers.significant(rate) + "/s × " + DurationText.format(serviceTime)
            + " = " + PlanNumbers.significant(queue.offeredLoad()) + " erlangs offered; at " + c + ", "
            + figures(queue) + " ≤ " + DurationText.format(targetP95);
        if (c == 1) {
            return answer;
        }
        MmcQueue fewer = new MmcQueue(rate, queue.serviceTime(), c - 1);
        String why = fewer.isStable() ? figures(fewer) + " > " + DurationText.format(targetP95)
            : "utilization " + percent(fewer.utilization()) + " ≥ 100%, the queue grows without bound";
        return answer + System.lineSeparator() + instances(c - 1) + " would not do: " + why;
    }

    /** {@code utilization 50.0%, P(wait) 0.2368 (Erlang C), mean wait 15.8ms, p95 332.0ms}. */
    private static String figures(MmcQueue queue) {
        return "utilization " + percent(queue.utilization()) + ", P(wait) "
            + String.format(Locale.ROOT, "%.4f", queue.probabilityOfWaiting()) + " (Erlang C), mean wait "
            + ms(queue.meanWait()) + ", p95 " + ms(queue.responseTimeQuantile(0.95));
    }

    private String json(MmcQueue queue) {
        return "{\"instances\": " + queue.servers()
            + ", \"rate\": " + PlanNumbers.significant(rate)
            + ", \"service-time-ms\": " + PlanNumbers.significant(queue.serviceTime() * 1000)
            + ", \"target-p95-ms\": " + PlanNumbers.significant(seconds(targetP95) * 1000)
            + ", \"offered-load\": " + PlanNumbers.significant(queue.offeredLoad())
            + ", \"utilization\": " + PlanNumbers.significant(queue.utilization())
            + ", \"probability-of-waiting\": " + PlanNumbers.significant(queue.probabilityOfWaiting())
            + ", \"mean-wait-ms\": " + PlanNumbers.significant(queue.meanWait() * 1000)
            + ", \"p95-ms\": " + PlanNumbers.significant(queue.responseTimeQuantile(0.95) * 1000) + "}";
    }

    private static String instances(int c) {
        return c + (c == 1 ? " instance" : " instances");
    }

    private static String percent(double fraction) {
        return String.format(Locale.ROOT, "%.1f%%", fraction * 100);
    }

    private static String ms(double seconds) {
        return String.format(Locale.ROOT, "%.1fms", seconds * 1000);
    }

    private static double seconds(Duration d) {
        return d.toNanos() / 1e9;
    }

    private int refuse(String message) {
        spec.commandLine().getErr().println("horizon plan capacity: " + message);
        return Horizon.USAGE;
    }
}
