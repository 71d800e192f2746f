package dev.horizon.cli;

import dev.horizon.showcase.SampleBackend;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code horizon backend}: runs the {@link SampleBackend}, a small HTTP service for trying Horizon out and for load
 * and scaling tests, until SIGTERM, which stops accepting, lets requests in flight finish (up to 10 s) and exits 0.
 */
@Command(name = "backend", description = {
    "Run a small HTTP service that names itself, for examples, load tests and scaling tests.",
    "PORT, INSTANCE_ID and SERVICE from the environment are used when --port and --name are absent."})
final class BackendCommand implements Callable<Integer> {

    private static final Duration SHUTDOWN_GRACE = Duration.ofSeconds(10);

    @Option(names = "--port", description = "port to listen on (127.0.0.1); default: $PORT", defaultValue = "-1")
    int port;

    @Option(names = "--name", description = "name in every answer; default: $INSTANCE_ID, else backend-PORT",
        defaultValue = "")
    String name;

    @Option(names = "--cost", description = "time each request waits, like 20ms (default 0ms)", defaultValue = "0ms")
    Duration cost;

    @Option(names = "--cpu-cost", defaultValue = "0ms", description = "CPU time each request spends computing before "
        + "it waits, like 2ms (default 0ms): real work, measured on the thread's CPU clock, so throughput follows the "
        + "CPU limit")
    Duration cpuCost;

    @Option(names = "--concurrency", description = "requests served at once; more wait in line (default 0: no limit)",
        defaultValue = "0")
    int concurrency;

    // --version names the release it plays here, so this verb goes without the inherited -V, --version (horizon's)
    // and picocli then leaves out the inherited --help too: it is declared again
    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
    boolean help;

    @Option(names = "--version", paramLabel = "V", defaultValue = "", description = "the release it plays: every "
        + "answer, /health and /metrics included, carries the header X-Version: V, and the service's JSON answers "
        + "\"version\":\"V\" (default: none)")
    String version;

    @Option(names = "--error-rate", paramLabel = "P", defaultValue = "0", converter = ErrorRate.class,
        description = "share of requests, 0 to 1, that fail with 500 {\"error\":\"injected\",...} after their costs; "
            + "never /health or /metrics (default 0)")
    double errorRate;

    @Option(names = "--seed", defaultValue = "" + SampleBackend.Settings.DEFAULT_SEED, description = "seed of the "
        + "random numbers that pick the failing requests in arrival order: the same seed fails the same requests "
        + "(default ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--delay", paramLabel = "D", defaultValue = "0ms", description = "latency added to every request "
        + "but /health and /metrics, waited with --cost, like 150ms: a slow release (default 0ms)")
    Duration delay;

    @Spec
    CommandSpec spec;

    private final Map<String, String> env;

    BackendCommand() {
        this(System.getenv());
    }

    BackendCommand(Map<String, String> env) {
        this.env = env;
    }

    @Override
    public Integer call() throws InterruptedException {
        int listenPort = port >= 0 ? port : envPort();
        if (listenPort > 65_535) {
            throw new ParameterException(spec.commandLine(), "--port: " + listenPort + " (expected: 0..65535)");
        }
        String fallbackName = env.getOrDefault("INSTANCE_ID", "");
        String me = !name.isEmpty() ? name : !fallbackName.isEmpty() ? fallbackName : "backend-" + listenPort;
        SampleBackend.Settings settings;
        try {
            settings = SampleBackend.Settings.named(me).withCost(cost).withCpuCost(cpuCost)
                .withConcurrency(concurrency).withVersion(version).withErrors(errorRate, seed).withDelay(delay);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--" + e.getMessage());
        }
        SampleBackend backend = SampleBackend.start(settings, new InetSocketAddress("127.0.0.1", listenPort));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            backend.stop(SHUTDOWN_GRACE);
            stopped.countDown();
        }, "backend-shutdown"));
        spec.commandLine().getOut().println("horizon backend " + me + " on 127.0.0.1:" + backend.address().getPort());
        spec.commandLine().getOut().flush();
        backend.awaitStopped();
        stopped.await();
        return 0;
    }

    /** {@code --error-rate}: a share from 0 to 1. */
    static final class ErrorRate implements ITypeConverter<Double> {

        private final TextConverter<Double> text = new TextConverter<>(ErrorRate::parse);

        @Override
        public Double convert(String value) {
            return text.convert(value);
        }

        private static double parse(String value) {
            double share;
            try {
                share = Double.parseDouble(value);
            } catch (NumberFormatException e) {
                share = Double.NaN;
            }
            if (!(share >= 0 && share <= 1)) {
                throw new IllegalArgumentException("(expected: a share from 0 to 1, like 0.2)");
            }
            return share;
        }
    }

    private int envPort() {
        String value = env.get("PORT");
        if (value == null) {
            throw new ParameterException(spec.commandLine(), "--port: missing (and PORT is not set)");
        }
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new ParameterException(spec.commandLine(), "PORT: '" + value + "' (expected: a port number)");
        }
    }
}
