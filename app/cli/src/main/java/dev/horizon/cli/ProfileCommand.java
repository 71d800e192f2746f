package dev.horizon.cli;

import dev.horizon.cli.profile.ProfileReport;
import dev.horizon.cli.profile.ProfileSettings;
import dev.horizon.cli.profile.ProfiledService;
import dev.horizon.cli.profile.Profiler;
import dev.horizon.cli.profile.Workload;
import dev.horizon.config.ConfigLoader;
import dev.horizon.sim.model.CapacityModel;
import dev.horizon.sizing.Cpu;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code horizon profile --service NAME [--concurrency 1,2,4,…] [--cpu 250m,500m,…] [--duration 5s] [--warmup 2s]
 * [--path / | --mix 'POST /login:1,/products:4' [--body 'POST /login=…']] [--out MODEL.json]}: measures a running
 * managed service's capacity curve through the gateway and writes the model file ({@code docs/capacity.md}). Bad
 * options are refused before the service is touched.
 */
@Command(name = "profile", description = {
    "Measure a running managed service's capacity through the gateway: one instance, each CPU size, a closed-loop "
        + "load at each concurrency; fit the Universal Scalability Law and write the model file horizon sim and "
        + "horizon plan read (docs/capacity.md).",
    "The service is scaled to one instance and resized for the profile, and put back as it was at the end (also on "
        + "failure or Ctrl-C)."})
final class ProfileCommand implements Callable<Integer> {

    @Option(names = "--service", required = true, paramLabel = "NAME", description = "the managed service")
    String service;

    @Option(names = "--concurrency", split = ",", paramLabel = "N", defaultValue = "1,2,4,8,16,32",
        description = "closed-loop clients per step, at least 6 values (default: ${DEFAULT-VALUE})")
    List<Integer> concurrency;

    @Option(names = "--cpu", split = ",", paramLabel = "CPU", description = "CPU sizes to measure, e.g. "
        + "250m,500m,1000m (default: the service's current size)")
    List<String> cpu = new ArrayList<>();

    @Option(names = "--duration", paramLabel = "DURATION", defaultValue = "5s",
        description = "how long each step is measured (default: ${DEFAULT-VALUE})")
    Duration duration;

    @Option(names = "--warmup", paramLabel = "DURATION", defaultValue = "2s",
        description = "how long each step runs before it is measured (default: ${DEFAULT-VALUE})")
    Duration warmup;

    @Option(names = "--path", paramLabel = "PATH",
        description = "the path requested through the gateway, routed to the service (default: /)")
    @Nullable String path;

    @Option(names = "--mix", split = ",", paramLabel = "[METHOD ]PATH[:WEIGHT]", description = "instead of --path: "
        + "a weighted mix of requests, e.g. 'POST /login:1,GET /products:4', each user sending one cycle of it again "
        + "and again, starting with the first entry and keeping its cookies (docs/capacity.md)")
    List<String> mix = new ArrayList<>();

    @Option(names = "--body", paramLabel = "[METHOD ]PATH=BODY", description = "with --mix: the body of that entry, "
        + "sent as application/json, {user} replaced by the user's number; repeatable")
    List<String> body = new ArrayList<>();

    @Option(names = "--out", paramLabel = "MODEL.json",
        description = "the model file to write (default: profile-SERVICE.json in the current directory)")
    @Nullable Path out;

    @Option(names = "--gateway", paramLabel = "HOST:PORT", defaultValue = "",
        description = "the gateway's address (default: gateway.listen of the config file, else 127.0.0.1:8080)")
    String gateway;

    @Mixin
    AdminOptions adminOptions;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        ProfileSettings settings = settings();
        PrintWriter printer = spec.commandLine().getOut();
        ProfiledService target = ProfiledService.of(adminOptions.client(), service, printer);
        CapacityModel model = new Profiler(settings, printer).run(target);
        try {
            ProfileReport.write(settings.out(), model);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + settings.out() + ": " + e.getMessage(), e);
        }
        printer.print(ProfileReport.table(model));
        printer.println("wrote " + settings.out());
        printer.flush();
        return 0;
    }

    private ProfileSettings settings() {
        List<Cpu> cpus = new ArrayList<>();
        for (String c : cpu) {
            try {
                cpus.add(Cpu.parse(c));
            } catch (IllegalArgumentException e) {
                String why = String.valueOf(e.getMessage());
                throw new IllegalArgumentException("--cpu: " + (why.startsWith("(") ? c + " " + why : why), e);
            }
        }
        return new ProfileSettings(service, concurrency, cpus, duration, warmup, workload(),
            out != null ? out : Path.of("profile-" + service + ".json"));
    }

    private Workload workload() {
        String p = path;
        if (p != null && !mix.isEmpty()) {
            throw new IllegalArgumentException("--path and --mix: both given (expected: one; a path is a mix of one)");
        }
        if (!body.isEmpty() && mix.isEmpty()) {
            throw new IllegalArgumentException("--body: without --mix (expected: --mix with the entry it is for)");
        }
        if (p != null && !p.startsWith("/")) {
            throw new IllegalArgumentException("--path: " + p + " (expected: a path starting with /)");
        }
        try {
            URI base = URI.create("http://" + gatewayAddress() + "/");
            return mix.isEmpty() ? Workload.path(base, p == null ? "/" : p) : Workload.mix(base, mix, body);
        } catch (IllegalArgumentException e) {
            String why = String.valueOf(e.getMessage());
            throw why.startsWith("--") ? e : new IllegalArgumentException((mix.isEmpty() ? "--path" : "--mix")
                + " or --gateway: " + why, e);
        }
    }

    private String gatewayAddress() {
        if (!gateway.isEmpty()) {
            return gateway;
        }
        if (Files.isRegularFile(adminOptions.config)) {
            var listen = ConfigLoader.load(adminOptions.config).gateway().listen();
            return listen.getHostString() + ":" + listen.getPort();
        }
        return ConfigLoader.DEFAULT_LISTEN;
    }
}
