package dev.horizon.gateway.internal;

import dev.horizon.gateway.ServicesView.RevisionCounts;
import dev.horizon.gateway.ServicesView.RevisionSample;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

/**
 * What one revision of a service served: the requests, 5xx answers and latencies of the interval since the last
 * {@link #take()}, and the totals since the service first appeared. Any number of event loops record; one consumer (a
 * rollout's analysis) takes.
 *
 * <p>Implementation notes. Writers record into the current {@code Interval} without a lock: one increment enters it,
 * one increment numbers the request (its index in the latency array, which keeps the first
 * {@value RevisionSample#MAX_LATENCIES}), and one decrement leaves. {@link #take()} swaps in a fresh interval, then
 * closes the old one (a flag bit in the same word as the writer count) and waits for the writers still inside it,
 * which are a few instructions from leaving; a writer that finds its interval closed records into the new one. So
 * every request lands in exactly one interval, and the consumer reads the old interval's plain array after the
 * writers' last decrement, which orders their writes before its reads. The first requests are kept rather than a
 * reservoir sample: the analysis wants a deterministic sample, and at the default 10 s interval the cap binds only
 * above 1,000 requests per second per revision.
 */
final class RevisionStats {

    private static final long CLOSED = 1L << 62;

    private final String revision;
    private final AtomicReference<Interval> current = new AtomicReference<>(new Interval());
    private final LongAdder fallbacks = new LongAdder();
    /** Totals of the intervals taken; guarded by this. */
    private long takenRequests;
    private long takenErrors;

    /** One interval's figures. */
    private static final class Interval {
        /** Writers inside, plus {@link #CLOSED} once the consumer took it. */
        final AtomicLong state = new AtomicLong();
        final AtomicLong requests = new AtomicLong();
        final AtomicLong errors = new AtomicLong();
        final double[] latenciesMs = new double[RevisionSample.MAX_LATENCIES];

        boolean enter() {
            if ((state.getAndIncrement() & CLOSED) != 0) {
                state.decrementAndGet();
                return false;
            }
            return true;
        }

        void exit() {
            state.decrementAndGet();
        }

        /** Closes the interval to writers and waits until those inside have left. */
        void close() {
            state.addAndGet(CLOSED);
            while (state.get() != CLOSED) {
                Thread.onSpinWait();
            }
        }
    }

    RevisionStats(String revision) {
        this.revision = revision;
    }

    String revision() {
        return revision;
    }

    /** Records a request that ended with a status, {@code error} when it was 5xx. */
    void record(long latencyNanos, boolean error) {
        while (true) {
            Interval i = current.get();
            if (i.enter()) {
                long n = i.requests.getAndIncrement();
                if (n < RevisionSample.MAX_LATENCIES) {
                    i.latenciesMs[(int) n] = latencyNanos / 1e6;
                }
                if (error) {
                    i.errors.incrementAndGet();
                }
                i.exit();
                return;
            }
        }
    }

    /** A request the split chose this revision for went to the other one: this one had no usable endpoint. */
    void fellBack() {
        fallbacks.increment();
    }

    /** What was recorded since the previous call, which it starts afresh. */
    synchronized RevisionSample take() {
        Interval old = current.getAndSet(new Interval());
        old.close();
        long requests = old.requests.get();
        long errors = old.errors.get();
        takenRequests += requests;
        takenErrors += errors;
        return new RevisionSample(requests, errors,
            Arrays.copyOf(old.latenciesMs, (int) Math.min(requests, RevisionSample.MAX_LATENCIES)));
    }

    /** The totals since the service first appeared, the interval under way included. */
    synchronized RevisionCounts counts() {
        Interval i = current.get();
        return new RevisionCounts(revision, takenRequests + i.requests.get(), takenErrors + i.errors.get(),
            fallbacks.sum());
    }
}
