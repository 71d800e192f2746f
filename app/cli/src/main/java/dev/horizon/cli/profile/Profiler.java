package dev.horizon.cli.profile;

import dev.horizon.showcase.LoadGenerator;
import dev.horizon.showcase.LoadWindow;
import dev.horizon.sim.model.CapacityModel;
import dev.horizon.sim.model.Measurement;
import dev.horizon.sim.model.MixEntry;
import dev.horizon.sim.model.ProfilePoint;
import dev.horizon.sim.model.SizeCurve;
import dev.horizon.sim.model.UniversalScalability;
import dev.horizon.sizing.Cpu;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.ConnectException;
import java.net.CookieManager;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Runs a profile: the service at one instance, then for each CPU size every concurrency in turn, a closed-loop load
 * through the gateway warmed up and then measured, and the USL fitted to each size's points.
 *
 * <p>Implementation notes. The load is {@link LoadGenerator} (the demo's virtual users): {@code N} virtual threads,
 * each sending its next request (a GET of {@code --path}, or the next of its {@code --mix} cycle,
 * {@link Workload}) when the last one answers, over keep-alive HTTP/1.1 connections, so exactly {@code N}
 * requests are in flight — the {@code N} of the USL (Gunther, <i>Guerrilla Capacity Planning</i>, ch. 5: the load
 * generator's clients are the concurrency). Throughput is the 2xx answers that arrive within the measured window over
 * its length; the latencies are theirs. The service time is the mean latency at concurrency 1, which includes the
 * gateway's hop and the loopback network, as the simulator's instances will see it through the gateway too; with a
 * {@code --mix}, each kind of request's own mean at concurrency 1 is recorded too, the model's {@code mix}. Between
 * sizes the load stops, so the resize and the wait for the instance to report its size happen unloaded.
 */
public final class Profiler {

    /** How long a scale or resize may take to show as one instance in service at the size. */
    static final Duration SETTLE = Duration.ofMinutes(2);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(5);

    private final ProfileSettings settings;
    private final PrintWriter out;
    /** Each kind of request's mean latency at concurrency 1, at the first size measured; null before. */
    private @Nullable Map<String, LoadWindow.RequestTimes> alone;

    /** A profiler that prints its progress to {@code out}. */
    public Profiler(ProfileSettings settings, PrintWriter out) {
        this.settings = settings;
        this.out = out;
    }

    /** A CPU size to measure: its name in the model, and what to resize to (null: leave the size as it is). */
    private record Size(Cpu recorded, @Nullable Cpu resizeTo) {
    }

    /**
     * Profiles {@code service} and puts it back as it was, also when the profile fails or the JVM is stopped
     * (Ctrl-C: a shutdown hook restores it).
     *
     * @throws IllegalArgumentException when the sizes asked for cannot be measured on this service
     * @throws IllegalStateException    when the service or the gateway fails during the profile
     */
    public CapacityModel run(ProfiledService service) throws InterruptedException {
        List<Size> sizes = sizes(service);
        probe(service.name());
        say("profiling " + service.name() + " through " + settings.workload().describe() + " at one instance: "
            + "concurrency " + String.join(",", settings.concurrencies().stream().map(String::valueOf).toList()) + ", "
            + settings.duration().toMillis() + "ms each after " + settings.warmup().toMillis() + "ms of warm-up"
            + (service.autoscaling() ? " (its autoscaler is on: the profile stops if it changes the count or size)"
            : ""));
        Thread hook = Thread.ofPlatform().name("profile-restore").unstarted(service::restore);
        Runtime.getRuntime().addShutdownHook(hook);
        try (LoadGenerator load = new LoadGenerator(settings.workload().scripts(), REQUEST_TIMEOUT)) {
            service.scaleToOne();
            List<SizeCurve> curves = new ArrayList<>();
            boolean first = true;
            for (Size size : sizes) {
                curves.add(profile(load, service, size, first));
                first = false;
            }
            return new CapacityModel(service.name(), curves, mix());
        } finally {
            service.restore();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running or has run: it restores
            }
        }
    }

    /**
     * Each request of the workload once, in the order given, as one user (its session kept), before the service is
     * touched, so a wrong address, path or body fails with nothing to restore.
     */
    private void probe(String service) throws InterruptedException {
        Workload workload = settings.workload();
        String option = workload.option();
        try (HttpClient client = HttpClient.newBuilder().connectTimeout(PROBE_TIMEOUT)
                .cookieHandler(new CookieManager()).build()) {
            for (Workload.Entry e : workload.entries()) {
                HttpRequest request = HttpRequest.newBuilder(workload.request(e, 0), (n, v) -> true)
                    .timeout(REQUEST_TIMEOUT).build();
                int status = client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
                if (status / 100 != 2) {
                    throw new IllegalArgumentException(option + ": " + e.method() + " " + request.uri() + " answers "
                        + status + " (expected: 2xx; give " + (option.equals("--path") ? "the path of a route to "
                        + service : "requests of routes to " + service + ", a body with --body where one is needed, "
                        + "a login first where a session is") + ")");
                }
            }
        } catch (ConnectException e) {
            throw new IllegalArgumentException("--gateway: no gateway at " + workload.base().getAuthority() + " (give "
                + "--gateway HOST:PORT, or -c with the horizon.yaml whose gateway.listen it is)", e);
        } catch (IOException e) {
            throw new IllegalStateException(option + " " + workload.describe() + ": " + e, e);
        }
    }

    private List<Size> sizes(ProfiledService service) {
        Cpu current = service.cpu();
        Cpu recorded = current != null ? current : Cpu.millicores(Runtime.getRuntime().availableProcessors() * 1000L);
        if (settings.cpus().isEmpty() || settings.cpus().equals(List.of(recorded))) {
            if (current == null) {
                say(service.name() + " has no CPU limit: its curve is recorded as cpu " + recorded + " (the cores of "
                    + "this machine)");
            }
            return List.of(new Size(recorded, null));
        }
        if (!service.limitsEnforced()) {
            say(service.limits() + ": profiling " + service.name() + "'s current size only (cpu " + recorded
                + "), not " + String.join(", ", settings.cpus().stream().map(Cpu::toString).toList()));
            return List.of(new Size(recorded, null));
        }
        if (current == null) {
            throw new IllegalArgumentException("--cpu: " + service.name() + " has no CPU limit (no resources.cpu), "
                + "and the admin API cannot make it unlimited again after resizing; give it resources.cpu, or leave "
                + "out --cpu to profile it as it is");
        }
        return settings.cpus().stream().map(c -> new Size(c, c)).toList();
    }

    private SizeCurve profile(LoadGenerator load, ProfiledService service, Size size, boolean first)
            throws InterruptedException {
        load.users(0);
        Cpu resizeTo = size.resizeTo();
        if (resizeTo != null) {
            service.resize(resizeTo);
        }
        service.awaitOneInstance(resizeTo, SETTLE);
        List<ProfilePoint> points = new ArrayList<>();
        double serviceTimeMs = Double.NaN;
        boolean checkRoute = first;
        for (int concurrency : settings.concurrencies()) {
            Step step = measure(load, service, concurrency);
            LoadWindow w = step.window();
            service.checkOneInstance(resizeTo);
            if (checkRoute && service.gatewayRps() == 0) {
                throw new IllegalArgumentException(settings.workload().option() + ": requests to "
                    + settings.workload().describe() + " do not reach "
                    + service.name() + " (the gateway counts none for it); give the path of a route to "
                    + service.name());
            }
            checkRoute = false;
            ProfilePoint p = new ProfilePoint(concurrency, w.throughput(), w.p50Millis(),
                Math.max(w.p50Millis(), w.p95Millis()), step.cpuMillicores());
            say(ProfileReport.progress(size.recorded(), p, w.failed()));
            points.add(p);
            if (concurrency == 1) {
                serviceTimeMs = w.meanMillis();
                if (alone == null) {
                    alone = w.byRequest();
                }
            }
        }
        UniversalScalability usl;
        try {
            List<Measurement> measured = points.stream().map(ProfilePoint::measurement).toList();
            // Gunther's normalisation when a lone request was measured: λ is its throughput, so the simulator serves
            // a request alone at the speed measured, not at one the high-concurrency points pulled the fit to
            usl = Double.isNaN(serviceTimeMs) ? UniversalScalability.fit(measured)
                : UniversalScalability.fitFromOne(measured);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("cpu " + size.recorded() + ": " + e.getMessage(), e);
        }
        return new SizeCurve(size.recorded(), usl, Double.isNaN(serviceTimeMs) ? 1000 / usl.lambda() : serviceTimeMs,
            points);
    }

    /**
     * The model's mix: with {@code --mix} of two kinds of request or more, each entry's weight, its mean time at
     * concurrency 1 (at the first size measured) and that time's coefficient of variation, so the simulator can draw
     * each request's work from their mixture; empty for one kind, or when concurrency 1 was not measured or an entry
     * had no 2xx answer at it (then said).
     */
    private List<MixEntry> mix() {
        Workload workload = settings.workload();
        Map<String, LoadWindow.RequestTimes> times = alone;
        if (workload.entries().size() < 2 || times == null) {
            return List.of();
        }
        List<MixEntry> mix = new ArrayList<>();
        for (Workload.Entry e : workload.entries()) {
            LoadWindow.RequestTimes t = times.get(e.label());
            if (t == null || !(t.meanMillis() > 0)) {
                say("no 2xx answer to " + e.label() + " at concurrency 1: the model records no mix (its requests' "
                    + "work will be one exponential of the mean)");
                return List.of();
            }
            // one answer says nothing of the spread: such a kind is drawn as an exponential, not as a constant
            mix.add(new MixEntry(e.label(), e.weight(), t.meanMillis(), t.count() < 2 ? Double.NaN : t.cv()));
        }
        say("the mix alone (concurrency 1, mean ms and cv): " + String.join(", ", mix.stream()
            .map(m -> String.format(Locale.ROOT, "%s %.1f (%s)", m.name(), m.serviceTimeMs(),
                m.hasCv() ? String.format(Locale.ROOT, "%.2f", m.cv()) : "one answer: no cv")).toList()));
        return mix;
    }

    // one step: the load's window, and the instance's mean CPU over it in millicores (NaN when not sampled)
    private record Step(LoadWindow window, double cpuMillicores) {}

    /**
     * Runs {@code concurrency} users through the warm-up, then measures them for the duration, reading the
     * instance's CPU each second meanwhile.
     */
    private Step measure(LoadGenerator load, ProfiledService service, int concurrency) throws InterruptedException {
        load.users(concurrency);
        Thread.sleep(settings.warmup());
        load.beginWindow();
        // the fleet samples each instance's CPU once a second: read it each second of the window and average, the
        // first read left out when there are more (its sample may still cover the warm-up or the step before)
        List<Double> reads = new ArrayList<>();
        long end = System.nanoTime() + settings.duration().toNanos();
        for (long left = end - System.nanoTime(); left > 0; left = end - System.nanoTime()) {
            Thread.sleep(Math.min(TimeUnit.NANOSECONDS.toMillis(left) + 1, 1000));
            double c = service.instanceCpu();
            if (!Double.isNaN(c)) {
                reads.add(c);
            }
        }
        List<Double> kept = reads.size() > 1 ? reads.subList(1, reads.size()) : reads;
        double cpu = kept.stream().mapToDouble(Double::doubleValue).sum();
        int samples = kept.size();
        LoadWindow w = load.endWindow();
        if (w.succeeded() == 0) {
            throw new IllegalStateException("no request to " + settings.workload().describe() + " succeeded at "
                + "concurrency " + concurrency + " in " + settings.duration().toMillis() + "ms; failures so far: "
                + load.failures());
        }
        return new Step(w, samples == 0 ? Double.NaN : cpu / samples);
    }

    private void say(String line) {
        out.println(line);
        out.flush();
    }
}
