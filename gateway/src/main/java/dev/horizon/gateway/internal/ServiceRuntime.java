package dev.horizon.gateway.internal;

import dev.horizon.balance.Endpoint;
import dev.horizon.balance.EndpointLoad;
import dev.horizon.balance.HashBalancer;
import dev.horizon.balance.Health;
import dev.horizon.balance.HealthState;
import dev.horizon.balance.LoadBalancer;
import dev.horizon.balance.OutlierDetection;
import dev.horizon.balance.OutlierDetector;
import dev.horizon.balance.Pool;
import dev.horizon.gateway.EndpointConfig;
import dev.horizon.gateway.ServiceConfig;
import dev.horizon.gateway.Sticky;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;

/**
 * The live state of one service: its endpoints with their health, ejection, drain and weight, and the balancer over
 * the current {@link Pool} snapshot. Every change (a probe result, an ejection, a drain, a slow-start step) rebuilds
 * the snapshot under this object's lock; picks read the volatile balancer without locking.
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
    private volatile LoadBalancer balancer;
    private volatile boolean ramping;

    /** One endpoint of the service and what the gateway knows about it. */
    static final class Member {
        final EndpointConfig config;
        final InetSocketAddress address;
        final EndpointLoad load;
        final LatencyWindow window;
        @Nullable HealthState health;
        boolean draining;
        int weight;
        /** Whether {@link #weight} was set by the operator ({@link #setWeight}) rather than taken from the config. */
        boolean weightSet;
        long healthySinceNanos;

        Member(EndpointConfig config, EndpointLoad load, LatencyWindow window, @Nullable HealthState health,
            long nowNanos) {
            this.config = config;
            this.window = window;
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
        OutlierDetection outlierConfig = config.outlier();
        this.outlier = outlierConfig == null ? null : new OutlierDetector(outlierConfig);
        long now = nanoClock.getAsLong();
        Map<String, Member> byId = new LinkedHashMap<>();
        for (EndpointConfig e : config.endpoints()) {
            Member old = previous == null ? null : previous.member(e.address());
            Member m;
            if (old != null) {
                m = new Member(e, old.load, old.window, config.health() == null ? null : old.health,
                    old.healthySinceNanos);
                m.draining = old.draining;
                if (old.weightSet) {
                    m.weight = old.weight;
                    m.weightSet = true;
                }
            } else {
                m = new Member(e, new EndpointLoad(), new LatencyWindow(),
                    config.health() == null ? null : HealthState.initiallyUp(config.health().check()), now);
            }
            byId.put(e.address(), m);
        }
        this.members = Collections.unmodifiableMap(byId);
        this.memberList = List.copyOf(byId.values());
        if (outlier != null) {
            outlier.setEndpoints(members.keySet());
        }
        this.balancer = build();
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

    String name() {
        return config.name();
    }

    /** The balancer over the current snapshot. */
    LoadBalancer balancer() {
        return balancer;
    }

    @Nullable Member member(String id) {
        return members.get(id);
    }

    List<Member> members() {
        return memberList;
    }

    /** Picks an endpoint for {@code key}, avoiding the ids in {@code tried} when any other is eligible. */
    @Nullable Endpoint pick(long key, Collection<String> tried) {
        LoadBalancer b = balancer;
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

    /** The endpoint with {@code id} if it is eligible in the current snapshot, else null. */
    @Nullable Endpoint eligible(String id) {
        Pool pool = balancer.pool();
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
            balancer = build();
        }
    }

    /** Periodic upkeep: ends expired ejections and advances slow start. */
    synchronized void tick() {
        OutlierDetector detector = outlier;
        boolean changed = detector != null && !detector.refresh(nanoClock.getAsLong()).isEmpty();
        if (changed || ramping) {
            balancer = build();
        }
    }

    /** Stops sending new requests to an endpoint; returns false when the service has no such endpoint. */
    synchronized boolean drain(String id, boolean draining) {
        Member m = members.get(id);
        if (m == null) {
            return false;
        }
        m.draining = draining;
        balancer = build();
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
        balancer = build();
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
            balancer = build();
        }
    }

    synchronized void rebuild() {
        balancer = build();
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

    private LoadBalancer build() {
        List<Endpoint> endpoints = new ArrayList<>(members.size());
        Map<String, Long> healthySince = new LinkedHashMap<>();
        long now = nanoClock.getAsLong();
        boolean anyRamping = false;
        for (Member m : members.values()) {
            endpoints.add(new Endpoint(m.id(), m.config.address(), m.weight, m.config.zone(), healthOf(m), m.load));
            healthySince.put(m.id(), m.healthySinceNanos);
            anyRamping |= config.slowStart().ramping(now - m.healthySinceNanos);
        }
        ramping = anyRamping;
        Pool pool = Pool.of(endpoints, config.panicThresholdPercent(),
            e -> config.slowStart().weight(e.weight(), healthySince.getOrDefault(e.id(), now), now));
        LoadBalancer b = config.balance().create(pool, nanoClock, ThreadLocalRandom::current);
        return config.boundedLoad() > 0 ? ((HashBalancer) b).withBoundedLoad(config.boundedLoad()) : b;
    }
}
