package dev.horizon.gateway.internal;

import dev.horizon.gateway.EndpointTls;
import dev.horizon.gateway.internal.tls.BackendTls;
import dev.horizon.balance.Endpoint;
import dev.horizon.balance.EndpointLoad;
import dev.horizon.balance.HashBalancer;
import dev.horizon.balance.Health;
import dev.horizon.balance.HealthState;
import dev.horizon.balance.LoadBalancer;
import dev.horizon.balance.OutlierDetection;
import dev.horizon.balance.OutlierDetector;
import dev.horizon.balance.Pool;
import dev.horizon.gateway.ConcurrencyLimitConfig;
import dev.horizon.gateway.EndpointConfig;
import dev.horizon.gateway.RevisionSplit;
import dev.horizon.gateway.ServiceConfig;
import dev.horizon.gateway.ServicesView.RevisionCounts;
import dev.horizon.gateway.ServicesView.RevisionSample;
import dev.horizon.gateway.Sticky;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;

/**
 * The live state of one service: its endpoints with their health, ejection, drain and weight, and the balancer over
 * the current {@link Pool} snapshot. Every change (a probe result, an ejection, a drain, a slow-start step) rebuilds
 * the snapshot under this object's lock; picks read the volatile balancers without locking.
 *
 * <p>Under a {@link RevisionSplit} the snapshot is two pools, one per revision subset ({@link TrafficSplit#STABLE},
 * {@link TrafficSplit#CANARY}), each with its own balancer (and panic mode); endpoints of any other revision are in
 * neither. Without a split there is one pool of every endpoint, subset {@link TrafficSplit#STABLE}.
 */
final class ServiceRuntime implements RetryBudget {

    private final ServiceConfig config;
    private final LongSupplier nanoClock;
    /** The signer of this service's sticky cookies when it has its own secret; else the gateway's is used. */
    private final @Nullable StickyCookies stickyCookies;
    /** Fixed for the runtime's life (a reload builds a new runtime), so reading it needs no lock. */
    private final Map<String, Member> members;
    private final List<Member> memberList;
    private final @Nullable OutlierDetector outlier;
    private final AtomicInteger activeRequests = new AtomicInteger();
    private final AtomicInteger activeRetries = new AtomicInteger();
    private final LongAdder ejections;
    private final LatencyWindow window;
    private final TrafficRecording recording;
    /** The requests interleaved by a split so far; kept across reloads, so a new weight continues the sequence. */
    private final AtomicLong interleaved;
    private final @Nullable TrafficSplit split;
    private final @Nullable BackendTls backendTls;
    /** The gate of the service's concurrency limit, kept across reloads that leave the limit as it was; or null. */
    private final @Nullable ServiceAdmission admission;
    /** Per revision label, in label order: every label of an endpoint or of the split. */
    private final Map<String, RevisionStats> revisions;
    /** Under a split, the stats of the stable and the canary revision, by subset; empty without one. */
    private final RevisionStats[] subsetStats;
    /** One balancer per subset: one over every endpoint, or under a split the stable's and the canary's. */
    private volatile LoadBalancer[] balancers;
    private volatile boolean ramping;

    /** One endpoint of the service and what the gateway knows about it. */
    static final class Member {
        final EndpointConfig config;
        final InetSocketAddress address;
        final EndpointLoad load;
        final LatencyWindow window;
        /** What this endpoint's revision served, or null when it has no revision label. */
        final @Nullable RevisionStats revision;
        @Nullable HealthState health;
        boolean draining;
        int weight;
        /** Whether {@link #weight} was set by the operator ({@link #setWeight}) rather than taken from the config. */
        boolean weightSet;
        long healthySinceNanos;

        Member(EndpointConfig config, EndpointLoad load, LatencyWindow window, @Nullable HealthState health,
            long nowNanos, @Nullable RevisionStats revision) {
            this.config = config;
            this.window = window;
            this.revision = revision;
            this.address = InetSocketAddress.createUnresolved(config.host(), config.port());
            this.load = load;
            this.health = health;
            this.weight = config.weight();
            this.healthySinceNanos = nowNanos;
        }

        String id() {
            return config.address();
        }
    }

    /** This service's own sticky-cookie signer ({@code sticky.secret}), or null to use the gateway's. */
    @Nullable StickyCookies stickyCookies() {
        return stickyCookies;
    }

    /**
     * The runtime of {@code config}; endpoints whose address is also in {@code previous} keep their counters, health,
     * drain state and operator-set weight (a reload does not reset them; {@link #resetWeights} does).
     */
    ServiceRuntime(ServiceConfig config, @Nullable ServiceRuntime previous, LongSupplier nanoClock) {
        this.config = config;
        this.nanoClock = nanoClock;
        Sticky sticky = config.sticky();
        this.stickyCookies = sticky == null || sticky.secret().isEmpty() ? null : StickyCookies.of(sticky.secret());
        this.ejections = previous == null ? new LongAdder() : previous.ejections;
        this.window = previous == null ? new LatencyWindow() : previous.window;
        this.recording = previous == null ? new TrafficRecording() : previous.recording;
        this.interleaved = previous == null ? new AtomicLong() : previous.interleaved;
        RevisionSplit splitConfig = config.split();
        this.split = splitConfig == null ? null : new TrafficSplit(splitConfig, interleaved);
        EndpointTls tls = config.tls();
        this.backendTls = tls == null ? null : previous != null && tls.equals(previous.config.tls())
            ? previous.backendTls : BackendTls.of(tls);
        this.admission = admissionOf(config, previous);
        this.revisions = revisionStats(config, previous);
        this.subsetStats = splitConfig == null ? new RevisionStats[0]
            : new RevisionStats[] {Objects.requireNonNull(revisions.get(splitConfig.stable())),
                Objects.requireNonNull(revisions.get(splitConfig.canary()))};
        OutlierDetection outlierConfig = config.outlier();
        this.outlier = outlierConfig == null ? null : new OutlierDetector(outlierConfig);
        long now = nanoClock.getAsLong();
        Map<String, Member> byId = new LinkedHashMap<>();
        for (EndpointConfig e : config.endpoints()) {
            Member old = previous == null ? null : previous.member(e.address());
            RevisionStats revision = revisions.get(e.revision());
            Member m;
            if (old != null) {
                m = new Member(e, old.load, old.window, config.health() == null ? null : old.health,
                    old.healthySinceNanos, revision);
                m.draining = old.draining;
                if (old.weightSet) {
                    m.weight = old.weight;
                    m.weightSet = true;
                }
            } else {
                m = new Member(e, new EndpointLoad(), new LatencyWindow(),
                    config.health() == null ? null : HealthState.initiallyUp(config.health().check()), now, revision);
            }
            byId.put(e.address(), m);
        }
        this.members = Collections.unmodifiableMap(byId);
        this.memberList = List.copyOf(byId.values());
        if (outlier != null) {
            outlier.setEndpoints(members.keySet());
        }
        this.balancers = build();
    }

    /**
     * The stats of every revision label of {@code config}, in label order: {@code previous}'s for a label it had
     * (counting goes on across a reload), new ones for the others. A label no longer named is dropped.
     */
    private static Map<String, RevisionStats> revisionStats(ServiceConfig config, @Nullable ServiceRuntime previous) {
        Map<String, RevisionStats> stats = new TreeMap<>();
        RevisionSplit split = config.split();
        List<String> labels = new ArrayList<>();
        if (split != null) {
            labels.add(split.stable());
            labels.add(split.canary());
        }
        for (EndpointConfig e : config.endpoints()) {
            labels.add(e.revision());
        }
        for (String label : labels) {
            if (!label.isEmpty()) {
                RevisionStats old = previous == null ? null : previous.revisions.get(label);
                stats.putIfAbsent(label, old == null ? new RevisionStats(label) : old);
            }
        }
        return Collections.unmodifiableMap(stats);
    }

    private static @Nullable ServiceAdmission admissionOf(ServiceConfig config, @Nullable ServiceRuntime previous) {
        ConcurrencyLimitConfig limit = config.concurrencyLimit();
        ServiceAdmission old = previous == null ? null : previous.admission;
        if (limit == null) {
            return null;
        }
        return old != null && old.config().equals(limit) ? old : new ServiceAdmission(config.name(), limit);
    }

    /** The gate of the service's concurrency limit, or null when it has none. */
    @Nullable ServiceAdmission admission() {
        return admission;
    }

    /** Requests to this service in flight now (admitted and not yet ended). */
    int activeRequests() {
        return activeRequests.get();
    }

    /** Ejections by outlier detection since the service first appeared. */
    long ejections() {
        return ejections.sum();
    }

    /** The service's requests over the last ten seconds. */
    LatencyWindow window() {
        return window;
    }

    /** The service's requests second by second over the last day. */
    TrafficRecording recording() {
        return recording;
    }

    ServiceConfig config() {
        return config;
    }

    /** TLS to the endpoints ({@code services.NAME.tls}), or null for plain HTTP. */
    @Nullable BackendTls backendTls() {
        return backendTls;
    }

    String name() {
        return config.name();
    }

    /** The balancer over the current snapshot: of every endpoint, or the stable revision's under a split. */
    LoadBalancer balancer() {
        return balancers[TrafficSplit.STABLE];
    }

    /** The balancer of {@code subset} ({@link TrafficSplit#STABLE} without a split) in the current snapshot. */
    LoadBalancer balancer(int subset) {
        return balancers[subset];
    }

    /** Whether a pool of the current snapshot (either revision's, under a split) is in panic mode. */
    boolean panic() {
        for (LoadBalancer b : balancers) {
            if (b.pool().panic()) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether {@code subset} has an eligible endpoint that is healthy: one a weighted revision choice may use. A
     * subset in panic mode over unhealthy endpoints only has none.
     */
    boolean usable(int subset) {
        Pool pool = balancers[subset].pool();
        for (int i = 0; i < pool.size(); i++) {
            if (pool.get(i).health().available()) {
                return true;
            }
        }
        return false;
    }

    /** The service's revision split, or null when it has none. */
    @Nullable TrafficSplit split() {
        return split;
    }

    /** The stats of {@code subset}'s revision under a split; null without a split or before a subset was chosen. */
    @Nullable RevisionStats subsetStats(int subset) {
        return subset >= 0 && subset < subsetStats.length ? subsetStats[subset] : null;
    }

    /** What each revision served since the previous call, by label; see {@link RevisionStats#take()}. */
    Map<String, RevisionSample> takeRevisionSamples() {
        Map<String, RevisionSample> out = new TreeMap<>();
        revisions.forEach((label, stats) -> out.put(label, stats.take()));
        return Collections.unmodifiableMap(out);
    }

    /** What each revision served since the service first appeared, in label order. */
    List<RevisionCounts> revisionCounts() {
        List<RevisionCounts> out = new ArrayList<>(revisions.size());
        revisions.values().forEach(stats -> out.add(stats.counts()));
        return out;
    }

    @Nullable Member member(String id) {
        return members.get(id);
    }

    List<Member> members() {
        return memberList;
    }

    /**
     * Picks an endpoint of {@code subset} for {@code key}, avoiding the ids in {@code tried} when any other is
     * eligible.
     */
    @Nullable Endpoint pick(long key, Collection<String> tried, int subset) {
        LoadBalancer b = balancers[subset];
        Endpoint first = b.pick(key);
        if (first == null || tried.isEmpty() || !tried.contains(first.id())) {
            return first;
        }
        // A retry goes to a different endpoint: draw again (random algorithms), then walk the pool (hash ones).
        for (int i = 0; i < 4; i++) {
            Endpoint e = b.pick(key ^ ThreadLocalRandom.current().nextLong());
            if (e != null && !tried.contains(e.id())) {
                return e;
            }
        }
        Pool pool = b.pool();
        for (int i = 0; i < pool.size(); i++) {
            if (!tried.contains(pool.get(i).id())) {
                return pool.get(i);
            }
        }
        return first;
    }

    /** The endpoint with {@code id} if it is eligible in {@code subset} of the current snapshot, else null. */
    @Nullable Endpoint eligible(String id, int subset) {
        Pool pool = balancers[subset].pool();
        for (int i = 0; i < pool.size(); i++) {
            if (pool.get(i).id().equals(id)) {
                return pool.get(i);
            }
        }
        return null;
    }

    /** A request to this service started; returns false after {@link #requestFinished()} must still be called. */
    void requestStarted() {
        activeRequests.incrementAndGet();
    }

    void requestFinished() {
        activeRequests.decrementAndGet();
    }

    /**
     * Takes a place in the retry budget (Envoy): retries in flight stay under
     * {@code max(minConcurrent, budgetPercent × active requests)}. Returns false when the budget is spent.
     */
    @Override
    public boolean tryStartRetry() {
        int allowed = Math.max(config.retries().minConcurrent(),
            activeRequests.get() * config.retries().budgetPercent() / 100);
        while (true) {
            int current = activeRetries.get();
            if (current >= allowed) {
                return false;
            }
            if (activeRetries.compareAndSet(current, current + 1)) {
                return true;
            }
        }
    }

    @Override
    public void retryFinished() {
        activeRetries.decrementAndGet();
    }

    /** Feeds a finished attempt to outlier detection; rebuilds the snapshot when it ejected the endpoint. */
    void onResult(String id, OutlierDetector.Outcome outcome) {
        OutlierDetector detector = outlier;
        if (detector != null && detector.onResult(id, outcome, nanoClock.getAsLong())) {
            ejections.increment();
            rebuild();
        }
    }

    /** Feeds an active probe result; rebuilds the snapshot when the endpoint's health changed. */
    synchronized void onProbe(String id, boolean passed) {
        Member m = members.get(id);
        HealthState state = m == null ? null : m.health;
        if (m == null || state == null) {
            return;
        }
        boolean wasHealthy = state.healthy();
        HealthState next = passed ? state.passed() : state.failed();
        m.health = next;
        long now = nanoClock.getAsLong();
        boolean changed = wasHealthy != next.healthy();
        if (!wasHealthy && next.healthy()) {
            m.healthySinceNanos = now;
        }
        OutlierDetector detector = outlier;
        if (passed && next.healthy() && detector != null && detector.healthCheckPassed(id, now)) {
            changed = true;
        }
        if (changed) {
            balancers = build();
        }
    }

    /** Periodic upkeep: ends expired ejections and advances slow start. */
    synchronized void tick() {
        OutlierDetector detector = outlier;
        boolean changed = detector != null && !detector.refresh(nanoClock.getAsLong()).isEmpty();
        if (changed || ramping) {
            balancers = build();
        }
    }

    /** Stops sending new requests to an endpoint; returns false when the service has no such endpoint. */
    synchronized boolean drain(String id, boolean draining) {
        Member m = members.get(id);
        if (m == null) {
            return false;
        }
        m.draining = draining;
        balancers = build();
        return true;
    }

    /**
     * Changes an endpoint's weight until {@link #resetWeights}; returns false when the service has no such endpoint.
     */
    synchronized boolean setWeight(String id, int weight) {
        Member m = members.get(id);
        if (m == null) {
            return false;
        }
        m.weight = weight;
        m.weightSet = true;
        balancers = build();
        return true;
    }

    /** Puts every endpoint back on its configured weight, undoing {@link #setWeight}. */
    synchronized void resetWeights() {
        boolean changed = false;
        for (Member m : memberList) {
            if (m.weightSet) {
                m.weightSet = false;
                changed |= m.weight != m.config.weight();
                m.weight = m.config.weight();
            }
        }
        if (changed) {
            balancers = build();
        }
    }

    synchronized void rebuild() {
        balancers = build();
    }

    /** The health shown for a member now. */
    synchronized Health healthOf(Member m) {
        if (m.draining) {
            return Health.DRAINING;
        }
        boolean ejected = outlier != null && outlier.isEjected(m.id());
        HealthState state = m.health;
        if (state != null) {
            return state.health(ejected);
        }
        return ejected ? Health.EJECTED : Health.HEALTHY;
    }

    private LoadBalancer[] build() {
        RevisionSplit splitConfig = config.split();
        List<Endpoint> stable = new ArrayList<>(members.size());
        List<Endpoint> canary = new ArrayList<>();
        Map<String, Long> healthySince = new LinkedHashMap<>();
        long now = nanoClock.getAsLong();
        boolean anyRamping = false;
        for (Member m : members.values()) {
            Endpoint e = new Endpoint(m.id(), m.config.address(), m.weight, m.config.zone(), healthOf(m), m.load);
            String revision = m.config.revision();
            if (splitConfig == null || revision.equals(splitConfig.stable())) {
                stable.add(e);
            } else if (revision.equals(splitConfig.canary())) {
                canary.add(e);
            }
            healthySince.put(m.id(), m.healthySinceNanos);
            anyRamping |= config.slowStart().ramping(now - m.healthySinceNanos);
        }
        ramping = anyRamping;
        return splitConfig == null ? new LoadBalancer[] {balancerOver(stable, healthySince, now)}
            : new LoadBalancer[] {balancerOver(stable, healthySince, now), balancerOver(canary, healthySince, now)};
    }

    private LoadBalancer balancerOver(List<Endpoint> endpoints, Map<String, Long> healthySince, long now) {
        Pool pool = Pool.of(endpoints, config.panicThresholdPercent(),
            e -> config.slowStart().weight(e.weight(), healthySince.getOrDefault(e.id(), now), now));
        LoadBalancer b = config.balance().create(pool, nanoClock, ThreadLocalRandom::current);
        return config.boundedLoad() > 0 ? ((HashBalancer) b).withBoundedLoad(config.boundedLoad()) : b;
    }
}
