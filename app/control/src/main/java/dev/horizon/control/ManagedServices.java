package dev.horizon.control;

import dev.horizon.config.AutoscaleConfig;
import dev.horizon.config.InstancesConfig;
import dev.horizon.config.LoadedConfig;
import dev.horizon.config.ManagedService;
import dev.horizon.config.MetricSource;
import dev.horizon.autoscale.MetricTarget;
import dev.horizon.autoscale.Strategy;
import dev.horizon.balance.HealthCheck;
import dev.horizon.fleet.FleetSpec;
import dev.horizon.fleet.FleetListener;
import dev.horizon.fleet.Probe;
import dev.horizon.fleet.Transition;
import dev.horizon.fleet.Provider;
import dev.horizon.gateway.Gateway;
import dev.horizon.gateway.HealthProbe;
import dev.horizon.gateway.ServiceConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * Every service whose instances the {@code horizon} process runs: starts their fleets (after cleaning up what a killed
 * earlier run left behind), keeps the gateway's pools in step with them, applies reloads, and stops them all.
 */
public final class ManagedServices implements AutoCloseable {

    private final Gateway gateway;
    private final GatewayTopology topology;
    private final PrintWriter log;
    private final Map<Path, Provider> providers = new LinkedHashMap<>();
    private final Map<String, ServiceScaling> services = new LinkedHashMap<>();
    /** Notes every service's fleet once a second ({@link FleetRecording}), for the dashboard's charts. */
    private final ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor(r ->
        Thread.ofPlatform().daemon().name("horizon-fleet-recording").unstarted(r));

    private ManagedServices(Gateway gateway, PrintWriter log) {
        this.gateway = gateway;
        this.topology = new GatewayTopology(gateway);
        this.log = log;
        sampler.scheduleAtFixedRate(this::sample, 0, 1, TimeUnit.SECONDS);
    }

    private void sample() {
        long second = Instant.now().getEpochSecond();
        List<ServiceScaling> now;
        synchronized (this) {
            now = List.copyOf(services.values());
        }
        for (ServiceScaling s : now) {
            try {
                s.sample(second);
            } catch (RuntimeException e) {
                // a fleet stopping under the sampler: the second is left out of the recording
            }
        }
    }

    /**
     * Starts the managed services of {@code config} on a running gateway.
     *
     * @throws IllegalStateException when a state directory cannot be used; nothing is left running then
     */
    public static ManagedServices start(LoadedConfig config, Gateway gateway, PrintWriter log) {
        ManagedServices managed = new ManagedServices(gateway, log);
        try {
            for (ManagedService m : config.managed().values()) {
                managed.startService(m, config.gateway().services().get(m.service()));
            }
        } catch (RuntimeException e) {
            managed.close();
            throw e;
        }
        return managed;
    }

    private synchronized void startService(ManagedService m, @Nullable ServiceConfig service) {
        InstancesConfig i = m.instances();
        Provider provider = providers.computeIfAbsent(i.stateDir().toAbsolutePath().normalize(), this::provider);
        FleetSpec spec = FleetSpec.builder(m.service(), i.command()).env(i.env()).instances(i.min(), i.max())
            .warmup(i.warmup()).drainTimeout(i.drainTimeout()).killGrace(positive(i.drainTimeout()))
            .startTimeout(i.startTimeout()).unhealthyGrace(i.unhealthyGrace())
            .maxUnhealthyReplacements(i.maxUnhealthyReplacements())
            .readiness(readiness(service == null ? null : service.health()))
            .resources(i.resources()).resizePolicy(i.resizePolicy()).build();
        GatewayMembership membership = new GatewayMembership(m.service(), gateway, topology);
        FleetListener listener = new FleetListener() {
            @Override
            public void onTransition(Transition t) {
                logLine(t.toString());
            }

            @Override
            public void onNotice(String service, String notice) {
                logLine(notice.startsWith(service + ": ") ? notice : service + ": " + notice);
            }
        };
        RevisionStore store = new RevisionStore(i.stateDir(), m.service());
        List<String> problems = new ArrayList<>();
        List<Revision> revisions = new ArrayList<>(store.revisions(problems));
        RolloutRecord last = store.rollout(problems);
        problems.forEach(p -> logLine(m.service() + ": " + p));
        Revision serving = RevisionBoot.serving(store, revisions, last, i.command(), i.env(), Instant.now(),
            line -> logLine(m.service() + ": " + line));
        ServiceFleets fleet = new ServiceFleets(spec, provider, membership, listener, serving);
        AutoscaleConfig autoscale = m.autoscale();
        AutoscaleLoop loop = null;
        if (autoscale != null && autoscale.strategy() != Strategy.HORIZONTAL && !fleet.limits().enforced()) {
            logLine(m.service() + ": autoscale.strategy " + autoscale.strategy().text() + " decides sizes that "
                + "nothing enforces here (" + fleet.limits() + "); its decisions are made and logged, but no instance "
                + "is held to them");
        }
        if (autoscale != null) {
            MetricCollector collector = new MetricCollector(m.service(), gateway, membership);
            loop = new AutoscaleLoop(m.service(), autoscale, fleet,
                feeds(autoscale, collector, i.cpuRequestMillis()), Clock.systemUTC(), log,
                LoadHistoryFile.in(i.stateDir(), m.service()));
        }
        Rollouts rollouts = new Rollouts(new RolloutContext(m.service(), m.deploy(), fleet, topology,
            gateway.services(), this::logLine), store, Clock.systemUTC(), revisions, last);
        if (last != null && last.open()) {
            rollouts.resume(last);
        }
        services.put(m.service(), new ServiceScaling(m, fleet, membership, loop, rollouts,
            speaksHttp(m.service(), service) ? new DataTierCollector() : null));
    }

    /**
     * Whether a service's instances speak plain HTTP, so that their data tier can be read on {@code GET /metrics}: an
     * HTTP route leads to it and it has no TLS to its endpoints. A service only {@code tcp} listeners use (a Redis, a
     * PostgreSQL) would log the request as an attack; a TLS one as a bad handshake.
     */
    private boolean speaksHttp(String name, @Nullable ServiceConfig service) {
        return service != null && service.tls() == null
            && gateway.config().routes().stream().anyMatch(r -> r.service().equals(name));
    }

    private void logLine(String line) {
        synchronized (log) {
            log.println("horizon: " + line);
            log.flush();
        }
    }

    /** How each metric of the policy is read; the loop that reads them closes them. */
    static Map<String, MetricFeed> feeds(AutoscaleConfig config, MetricCollector collector,
        long cpuRequestMillis) {
        Map<String, MetricFeed> feeds = new LinkedHashMap<>();
        try {
            for (Map.Entry<String, MetricSource> e : config.sources().entrySet()) {
                boolean single = config.policy().metrics().stream()
                    .anyMatch(spec -> spec.name().equals(e.getKey()) && spec.target() instanceof MetricTarget.Value);
                feeds.put(e.getKey(), switch (e.getValue()) {
                    case MetricSource.Inflight x -> collector::inFlight;
                    case MetricSource.Rps x -> collector::rps;
                    case MetricSource.ServiceRps x -> s -> collector.serviceRps();
                    case MetricSource.LatencyP95 x -> s -> collector.latencyP95();
                    case MetricSource.Cpu x -> config.strategy() == Strategy.HORIZONTAL
                        ? s -> collector.cpu(s, cpuRequestMillis) : collector::cpuOfSize;
                    case MetricSource.Prometheus p -> single ? s -> MetricCollector.total(collector.prometheus(s,
                        p.metric())) : s -> collector.prometheus(s, p.metric());
                    case MetricSource.RedisList r -> RedisQueueLength.open(r.url(), r.key(), MetricCollector.TIMEOUT);
                });
            }
        } catch (RuntimeException e) {
            feeds.values().forEach(MetricFeed::close);
            throw e;
        }
        return feeds;
    }

    private static java.time.Duration positive(java.time.Duration d) {
        return d.isZero() ? java.time.Duration.ofSeconds(1) : d;
    }

    private Provider provider(Path stateDir) {
        Provider p = Provider.localProcesses(stateDir);
        log.println("horizon: instances under " + stateDir + ": " + p.limits());
        try {
            for (String line : p.cleanupOrphans()) {
                log.println("horizon: cleaned up after an earlier run: " + line);
            }
        } catch (IOException e) {
            p.close();
            throw new IllegalStateException("state-dir " + stateDir + ": " + e.getMessage(), e);
        }
        return p;
    }

    /**
     * The readiness probe of an instance: the service's health check, a TCP connect at its timing for a TCP-connect
     * check (a service only {@code tcp} listeners use: a Redis or a PostgreSQL never answers {@code GET /}), or a TCP
     * connect without one.
     */
    static Probe readiness(@Nullable HealthProbe health) {
        if (health == null) {
            return Probe.tcp();
        }
        HealthCheck c = health.check();
        if (health.connect()) {
            return Probe.tcp(c.interval(), c.timeout(), c.rise());
        }
        return Probe.http(health.path(), c.interval(), c.timeout(), c.rise(), health.expectMin(), health.expectMax());
    }

    /** The admin API's view of a managed service, or null for a service of static endpoints (or none). */
    public synchronized @Nullable ManagedControl control(String service) {
        return services.get(service);
    }

    /**
     * Applies a reloaded configuration: the gateway's part at once (managed instances stay in their pools), new
     * managed services start, removed ones stop. A changed {@code instances} block takes effect at the next restart
     * of Horizon; the running instances keep their settings (reported on the log).
     *
     * @throws IllegalArgumentException when the gateway refuses the configuration; nothing changes then
     */
    public synchronized void reload(LoadedConfig next) {
        topology.base(next.gateway());
        List<String> gone = new ArrayList<>();
        for (String name : services.keySet()) {
            if (!next.managed().containsKey(name)) {
                gone.add(name);
            }
        }
        for (String name : gone) {
            log.println("horizon: " + name + " is no longer managed; stopping its instances");
            Objects.requireNonNull(services.remove(name)).close();
        }
        for (ManagedService m : next.managed().values()) {
            ServiceScaling running = services.get(m.service());
            if (running == null) {
                startService(m, next.gateway().services().get(m.service()));
            } else {
                if (!running.config().instances().equals(m.instances())) {
                    log.println("horizon: services." + m.service() + ".instances changed; the running instances "
                        + "keep their settings until horizon restarts");
                }
                reconfigureAutoscaling(running, m);
            }
        }
        log.flush();
    }

    private void reconfigureAutoscaling(ServiceScaling running, ManagedService next) {
        AutoscaleLoop loop = running.autoscale();
        AutoscaleConfig policy = next.autoscale();
        AutoscaleConfig old = running.config().autoscale();
        if (loop != null && policy != null && old != null && !policy.equals(old)) {
            if (policy.sources().equals(old.sources())) {
                loop.reconfigure(policy);
                log.println("horizon: " + next.service() + ": autoscaling policy reloaded");
            } else {
                log.println("horizon: services." + next.service() + ".autoscale metrics changed; they take effect "
                    + "when horizon restarts");
            }
        } else if ((old != null) != (policy != null)) {
            log.println("horizon: services." + next.service() + ".autoscale " + (old != null ? "removed" : "added")
                + "; that takes effect when horizon restarts");
        }
    }

    /** Drains and stops every instance of every managed service, then releases the providers. */
    @Override
    public synchronized void close() {
        sampler.shutdownNow();
        List<Thread> closing = new ArrayList<>();
        for (ServiceScaling s : services.values()) {
            closing.add(Thread.ofPlatform().name("horizon-stop-" + s.config().service()).start(s::close));
        }
        for (Thread t : closing) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        services.clear();
        providers.values().forEach(Provider::close);
        providers.clear();
    }
}
