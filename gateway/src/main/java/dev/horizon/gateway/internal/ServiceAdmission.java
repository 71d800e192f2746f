package dev.horizon.gateway.internal;

import dev.horizon.gateway.ConcurrencyLimitConfig;
import dev.horizon.gateway.Priority;
import dev.horizon.limit.ConcurrencyLimit;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;
import org.jspecify.annotations.Nullable;

/**
 * A service's admission gate under its {@code concurrency-limit}: counts the service's requests in flight, admits a
 * request while the count is under its priority's {@linkplain Priority#threshold threshold} of the current limit,
 * and otherwise sheds it (a 503 at once) or, with a queue, lets it wait for a place. Every admitted request's outcome
 * goes back to the limit law as a sample. Shared by every event loop; its state is guarded by this object's lock,
 * and a waiting request is told it was admitted or shed on its own event loop by its {@link Waiter}.
 *
 * <p>Implementation notes. A request ending hands its place straight to the next waiting one (the oldest of the
 * highest priority whose threshold allows it), without lowering the count in between, so a newcomer cannot overtake
 * the line. A full queue makes room for a request of higher priority by shedding the newest waiting request of the
 * lowest priority below it; a request with no lower one to displace is shed instead. The priorities' thresholds
 * play the part of the guaranteed shares of Netflix's partitioned limiter, without its fixed partitions. Exactly
 * one {@link #finish} per permit (the exchange's end) gives back its place or its spot in the queue; a permit shed
 * or already finished is ignored.
 */
final class ServiceAdmission {

    /** Why a request was shed: the {@code reason} label of {@code horizon_shed_total}. */
    enum Reason {
        LIMIT("limit"),
        QUEUE_TIMEOUT("queue-timeout");

        final String label;

        Reason(String label) {
            this.label = label;
        }
    }

    /** What {@link #acquire} did with a request. */
    enum Answer {
        ADMITTED, QUEUED, SHED
    }

    /** Where a permit is. */
    enum State {
        NEW, QUEUED, ADMITTED, SHED, FINISHED
    }

    /** How a waiting request learns its fate; called outside the gate's lock, on any thread. */
    interface Waiter {
        /** It holds a place now; it must still be {@linkplain #finish finished}. */
        void granted();

        /** A request of higher priority took its place in the full queue. */
        void shed();
    }

    /** One request's claim on the gate. */
    static final class Permit {
        final Priority priority;
        final Waiter waiter;
        final ServiceAdmission gate;
        /** Guarded by the gate's lock. */
        State state = State.NEW;
        int inflightAtAdmission;
        long admittedNanos;
        /** The queue deadline's timer, owned by the request's event loop; null when not queued. */
        io.netty.util.concurrent.@Nullable ScheduledFuture<?> deadline;

        Permit(ServiceAdmission gate, Priority priority, Waiter waiter) {
            this.gate = gate;
            this.priority = priority;
            this.waiter = waiter;
        }
    }

    private static final Priority[] PRIORITIES = Priority.values();

    private final String service;
    private final ConcurrencyLimitConfig config;
    private final ConcurrencyLimit limit;
    private final List<ArrayDeque<Permit>> queues = new ArrayList<>(PRIORITIES.length);
    private final LongAdder[] shed = new LongAdder[PRIORITIES.length * Reason.values().length];
    private int inflight;
    private int queued;
    private volatile int currentLimit;

    ServiceAdmission(String service, ConcurrencyLimitConfig config) {
        this.service = service;
        this.config = config;
        this.limit = config.newLimit();
        this.currentLimit = limit.limit();
        for (int i = 0; i < PRIORITIES.length; i++) {
            queues.add(new ArrayDeque<>());
        }
        for (int i = 0; i < shed.length; i++) {
            shed[i] = new LongAdder();
        }
    }

    String service() {
        return service;
    }

    ConcurrencyLimitConfig config() {
        return config;
    }

    /** A permit for one request of {@code priority}, not yet asked for. */
    Permit permit(Priority priority, Waiter waiter) {
        return new Permit(this, priority, waiter);
    }

    /** Admits {@code p} if its priority's threshold allows, else queues it if the queue allows, else sheds it. */
    Answer acquire(Permit p, long nowNanos) {
        Permit evicted = null;
        synchronized (this) {
            if (p.state != State.NEW) {
                throw new IllegalStateException("permit asked twice: " + p.state);
            }
            if (inflight < p.priority.threshold(limit.limit())) {
                admit(p, nowNanos);
                return Answer.ADMITTED;
            }
            ConcurrencyLimitConfig.Queue queue = config.queue();
            if (queue == null) {
                shedLocked(p, Reason.LIMIT);
                return Answer.SHED;
            }
            if (queued >= queue.size()) {
                evicted = newestBelow(p.priority);
                if (evicted == null) {
                    shedLocked(p, Reason.LIMIT);
                    return Answer.SHED;
                }
                queues.get(evicted.priority.ordinal()).removeLastOccurrence(evicted);
                queued--;
                shedLocked(evicted, Reason.LIMIT);
            }
            p.state = State.QUEUED;
            queues.get(p.priority.ordinal()).addLast(p);
            queued++;
        }
        if (evicted != null) {
            evicted.waiter.shed();
        }
        return Answer.QUEUED;
    }

    /**
     * The queue deadline of {@code p} passed: sheds it if it still waits (true), or does nothing if it was admitted
     * meanwhile (its grant is on its way) or finished.
     */
    boolean expire(Permit p) {
        synchronized (this) {
            if (p.state != State.QUEUED) {
                return false;
            }
            queues.get(p.priority.ordinal()).remove(p);
            queued--;
            shedLocked(p, Reason.QUEUE_TIMEOUT);
            return true;
        }
    }

    /**
     * The request of {@code p} ended: its place goes to the next waiting request, and its outcome to the limit law.
     *
     * @param rttNanos  its latency to the response head (or to the timeout, for a drop), or -1 for no sample (the
     *                  client left, the endpoint failed without saying anything about load)
     * @param dropped   whether it timed out
     */
    void finish(Permit p, long nowNanos, long rttNanos, boolean dropped) {
        List<Permit> granted;
        synchronized (this) {
            if (p.state == State.QUEUED) {
                queues.get(p.priority.ordinal()).remove(p);
                queued--;
                p.state = State.FINISHED;
                return;
            }
            if (p.state != State.ADMITTED) {
                p.state = State.FINISHED;
                return;
            }
            p.state = State.FINISHED;
            inflight--;
            if (rttNanos >= 0) {
                limit.onSample(nowNanos, rttNanos, p.inflightAtAdmission, dropped);
                currentLimit = limit.limit();
            }
            granted = drainLocked(nowNanos);
        }
        for (int i = 0; i < granted.size(); i++) {
            granted.get(i).waiter.granted();
        }
    }

    /** The limit now. */
    int limit() {
        return currentLimit;
    }

    synchronized int inflight() {
        return inflight;
    }

    synchronized int queued() {
        return queued;
    }

    /** Requests of {@code priority} shed for {@code reason} so far. */
    long shed(Priority priority, Reason reason) {
        return shed[priority.ordinal() * Reason.values().length + reason.ordinal()].sum();
    }

    private void admit(Permit p, long nowNanos) {
        inflight++;
        p.state = State.ADMITTED;
        p.inflightAtAdmission = inflight;
        p.admittedNanos = nowNanos;
    }

    private void shedLocked(Permit p, Reason reason) {
        p.state = State.SHED;
        shed[p.priority.ordinal() * Reason.values().length + reason.ordinal()].increment();
    }

    /** The newest waiting permit of the lowest priority below {@code priority}, or null if none waits. */
    private @Nullable Permit newestBelow(Priority priority) {
        for (int i = PRIORITIES.length - 1; i > priority.ordinal(); i--) {
            Permit last = queues.get(i).peekLast();
            if (last != null) {
                return last;
            }
        }
        return null;
    }

    /** Admits waiting permits, highest priority first and oldest first, while their thresholds allow. */
    private List<Permit> drainLocked(long nowNanos) {
        if (queued == 0) {
            return List.of();
        }
        List<Permit> granted = new ArrayList<>(1);
        int now = limit.limit();
        for (Priority priority : PRIORITIES) {
            ArrayDeque<Permit> queue = queues.get(priority.ordinal());
            while (!queue.isEmpty() && inflight < priority.threshold(now)) {
                Permit next = queue.removeFirst();
                queued--;
                admit(next, nowNanos);
                granted.add(next);
            }
        }
        return granted;
    }
}
