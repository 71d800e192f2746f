package dev.horizon.cli;

import dev.horizon.sim.model.Measurement;
import dev.horizon.sim.model.MeasurementsCsv;
import dev.horizon.sim.model.UniversalScalability;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code horizon plan usl --file MEASUREMENTS.csv}: the USL fit of the measurements, printed as one JSON line
 * {@code {"sigma": σ, "kappa": κ, "lambda": λ, "peak-concurrency": N*, "peak-throughput": X(N*)}}, six significant
 * digits; the peak is {@code null} when {@code κ = 0}. A file it cannot read or use is a one-line error, exit 2.
 */
@Command(name = "usl", description = "Fit the Universal Scalability Law to load-test measurements (CSV "
    + "concurrency,throughput; header optional; at least 6 rows) and print sigma, kappa, lambda and the peak as JSON.")
final class PlanUslCommand implements Callable<Integer> {

    @Option(names = {"-f", "--file"}, required = true, paramLabel = "MEASUREMENTS.csv",
        description = "one concurrency,throughput pair a line (requests in flight, requests per second)")
    Path file;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        UniversalScalability usl;
        try {
            List<Measurement> measurements = MeasurementsCsv.parse(file.toString(), Files.readAllLines(file));
            usl = UniversalScalability.fit(measurements);
        } catch (IOException e) {
            return refuse("cannot read " + file + ": " + why(e));
        } catch (IllegalArgumentException e) {
            String message = e.getMessage();
            return refuse(message != null && message.startsWith(file + ":") ? message : file + ": " + message);
        }
        OptionalLong peak = usl.peakConcurrency();
        OptionalDouble peakThroughput = usl.peakThroughput();
        spec.commandLine().getOut().println("{\"sigma\": " + PlanNumbers.significant(usl.sigma())
            + ", \"kappa\": " + PlanNumbers.significant(usl.kappa())
            + ", \"lambda\": " + PlanNumbers.significant(usl.lambda())
            + ", \"peak-concurrency\": " + (peak.isPresent() ? Long.toString(peak.getAsLong()) : "null")
            + ", \"peak-throughput\": "
            + (peakThroughput.isPresent() ? PlanNumbers.significant(peakThroughput.getAsDouble()) : "null") + "}");
        return 0;
    }

    private static String why(IOException e) {
        return switch (e) {
            case NoSuchFileException n -> "no such file";
            case AccessDeniedException a -> "permission denied";
            case CharacterCodingException c -> "not UTF-8 text";
            default -> String.valueOf(e.getMessage());
        };
    }

    private int refuse(String message) {
        spec.commandLine().getErr().println("horizon plan usl: " + message);
        return Horizon.USAGE;
    }
}
