package dev.horizon.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code horizon plan usl} on Schwartz's Cisco data set (the book's fit: σ = 0.02671591, κ = 7.690945e-4,
 * λ = 995.6486, N* = 35, X(N*) = 12341) and {@code horizon plan capacity} on the hand-computed M/M/c table of
 * {@code MmcQueueTest} (λ = 15/s, S = 100ms), with exact output.
 */
class PlanCommandTest {

    private static final String CISCO = """
        concurrency,throughput
        1,955.16
        2,1878.91
        3,2688.01
        4,3548.68
        5,4315.54
        6,5130.43
        7,5931.37
        8,6531.08
        9,7219.8
        10,7867.61
        11,8278.71
        12,8646.7
        13,9047.84
        14,9426.55
        15,9645.37
        16,9897.24
        17,10097.6
        18,10240.5
        19,10532.39
        20,10798.52
        21,11151.43
        22,11518.63
        23,11806
        24,12089.37
        25,12075.41
        26,12177.29
        27,12211.41
        28,12158.93
        29,12155.27
        30,12118.04
        31,12140.4
        32,12074.39
        """;

    @TempDir
    Path dir;

    /** The exit code, what was printed and what was printed as an error. */
    private record Run(int code, String out, String err) {
    }

    private static Run horizon(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Horizon.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Run(code, out.toString(), err.toString());
    }

    private String file(String name, String text) throws IOException {
        Path path = dir.resolve(name);
        Files.writeString(path, text);
        return path.toString();
    }

    @Test
    void uslPrintsTheBooksFitOfTheCiscoDataAsJson() throws IOException {
        assertThat(horizon("plan", "usl", "--file", file("cisco.csv", CISCO))).isEqualTo(new Run(0,
            "{\"sigma\": 0.0267159, \"kappa\": 0.000769094, \"lambda\": 995.649, \"peak-concurrency\": 35, "
                + "\"peak-throughput\": 12341.7}\n", ""));
    }

    @Test
    void uslPrintsNullPeaksForLinearScaling() throws IOException {
        String linear = "1,100\n2,200\n3,300\n4,400\n5,500\n6,600\n";
        assertThat(horizon("plan", "usl", "-f", file("linear.csv", linear))).isEqualTo(new Run(0,
            "{\"sigma\": 0, \"kappa\": 0, \"lambda\": 100, \"peak-concurrency\": null, \"peak-throughput\": null}\n",
            ""));
    }

    @Test
    void uslRefusesABadLineWithItsFileAndLine() throws IOException {
        String path = file("bad.csv", "concurrency,throughput\n1,955.16\n2,fast\n");
        assertThat(horizon("plan", "usl", "--file", path)).isEqualTo(new Run(2, "", "horizon plan usl: " + path
            + ":3: throughput 'fast' is not a number (expected: concurrency,throughput like 4,3548.68)\n"));
    }

    @Test
    void uslRefusesFewerThanSixMeasurements() throws IOException {
        String path = file("five.csv", "1,955.16\n2,1878.91\n3,2688.01\n4,3548.68\n5,4315.54\n");
        assertThat(horizon("plan", "usl", "--file", path)).isEqualTo(new Run(2, "",
            "horizon plan usl: " + path + ": USL fit: 5 measurements (expected: at least 6)\n"));
    }

    @Test
    void uslRefusesAMissingFile() {
        String path = dir.resolve("missing.csv").toString();
        assertThat(horizon("plan", "usl", "--file", path))
            .isEqualTo(new Run(2, "", "horizon plan usl: cannot read " + path + ": no such file\n"));
    }

    @Test
    void capacityPrintsTheFewestInstancesWithTheArithmetic() {
        // MmcQueueTest's table: c=3 p95 332.045ms ≤ 500ms, c=2 p95 647.658ms > 500ms
        assertThat(horizon("plan", "capacity", "--rate", "15", "--service-time", "100ms", "--target-p95", "500ms"))
            .isEqualTo(new Run(0, """
                3 instances: 15/s × 100ms = 1.5 erlangs offered; at 3, utilization 50.0%, P(wait) 0.2368 (Erlang C), \
                mean wait 15.8ms, p95 332.0ms ≤ 500ms
                2 instances would not do: utilization 75.0%, P(wait) 0.6429 (Erlang C), mean wait 128.6ms, \
                p95 647.7ms > 500ms
                """, ""));
    }

    @Test
    void capacitySaysWhenOneInstanceFewerIsUnstable() {
        // a = 200/s × 20ms = 4 erlangs: 4 instances are at ρ = 1
        assertThat(horizon("plan", "capacity", "--rate", "200", "--service-time", "20ms", "--target-p95", "100ms"))
            .isEqualTo(new Run(0, """
                5 instances: 200/s × 20ms = 4 erlangs offered; at 5, utilization 80.0%, P(wait) 0.5541 (Erlang C), \
                mean wait 11.1ms, p95 83.9ms ≤ 100ms
                4 instances would not do: utilization 100.0% ≥ 100%, the queue grows without bound
                """, ""));
    }

    @Test
    void capacityOfOneInstanceIsOneLine() {
        // M/M/1, λ = 5/s, μ = 10/s: W_q = C/(μ−λ) = 0.5/5 = 100ms, p95 = ln 20 / 5 = 599.1ms
        assertThat(horizon("plan", "capacity", "--rate", "5", "--service-time", "100ms", "--target-p95", "1s"))
            .isEqualTo(new Run(0, "1 instance: 5/s × 100ms = 0.5 erlangs offered; at 1, utilization 50.0%, "
                + "P(wait) 0.5000 (Erlang C), mean wait 100.0ms, p95 599.1ms ≤ 1s\n", ""));
    }

    @Test
    void capacityPrintsJson() {
        assertThat(horizon("plan", "capacity", "--rate", "15", "--service-time", "100ms", "--target-p95", "500ms",
            "--format", "json")).isEqualTo(new Run(0, "{\"instances\": 3, \"rate\": 15, \"service-time-ms\": 100, "
                + "\"target-p95-ms\": 500, \"offered-load\": 1.5, \"utilization\": 0.5, \"probability-of-waiting\": "
                + "0.236842, \"mean-wait-ms\": 15.7895, \"p95-ms\": 332.045}\n", ""));
    }

    @Test
    void capacityRefusesATargetNoFleetCanMeet() {
        // service alone: p95 = 100ms × ln 20 = 299.6ms
        assertThat(horizon("plan", "capacity", "--rate", "15", "--service-time", "100ms", "--target-p95", "250ms"))
            .isEqualTo(new Run(2, "", "horizon plan capacity: target p95 250ms is not above 299.6ms, the p95 of the "
                + "service time alone (100ms × ln 20): no number of instances meets it\n"));
    }

    @Test
    void capacityRefusesBadInputInOneLine() {
        assertThat(horizon("plan", "capacity", "--rate", "0", "--service-time", "20ms", "--target-p95", "100ms"))
            .isEqualTo(new Run(2, "", "horizon plan capacity: --rate: 0 (expected: requests per second > 0)\n"));
        assertThat(horizon("plan", "capacity", "--rate", "10", "--service-time", "0s", "--target-p95", "100ms"))
            .isEqualTo(new Run(2, "", "horizon plan capacity: --service-time: 0s (expected: more than 0)\n"));
        assertThat(horizon("plan", "capacity", "--rate", "10", "--service-time", "20ms", "--target-p95", "1s",
            "--format", "xml"))
            .isEqualTo(new Run(2, "", "horizon plan capacity: --format: 'xml' (expected: text or json)\n"));
        assertThat(horizon("plan", "capacity", "--rate", "10", "--service-time", "20", "--target-p95", "100ms"))
            .isEqualTo(new Run(2, "", "horizon: Invalid value for option '--service-time': '20' (expected: a duration "
                + "like 250ms, 2s, 5m, 1h) (see horizon --help)\n"));
    }

    @Test
    void planAloneListsWhatExists() {
        Run run = horizon("plan");
        assertThat(run.code()).isZero();
        assertThat(run.out()).contains("Usage: horizon plan", "plan usl", "plan capacity",
            "The strategy planner over a traffic trace (plan -c horizon.yaml --trace TRACE)", "is not built yet.");
    }

    @Test
    void subcommandsAnswerHelpWithTheirOptions() {
        Run usl = horizon("plan", "usl", "--help");
        assertThat(usl.code()).isZero();
        assertThat(usl.out()).contains("Usage: horizon plan usl", "--file=MEASUREMENTS.csv");
        Run capacity = horizon("plan", "capacity", "--help");
        assertThat(capacity.code()).isZero();
        assertThat(capacity.out()).contains("Usage: horizon plan capacity", "--rate=R", "--service-time=S",
            "--target-p95=T", "--format=FORMAT", "(default: text)");
    }
}
