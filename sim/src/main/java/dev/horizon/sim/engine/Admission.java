package dev.horizon.sim.engine;

import dev.horizon.limit.ConcurrencyLimit;
import java.util.function.IntUnaryOperator;

/**
 * The gateway's admission gate of the simulated service ({@link AdmissionLimit}): counts the service's requests in
 * flight, admits an arrival while the count is under the threshold of the current limit, queues it while the queue
 * has room, and otherwise sheds it; feeds every admitted request's outcome to the limit law at virtual time.
 *
 * <p>Implementation notes. The semantics are the gateway's {@code ServiceAdmission} for one priority: a request
 * ending frees its place, and the oldest waiting requests take the places the (possibly new) limit allows before any
 * newcomer ({@link #canAdmitWaiting}, which the engine asks after every event); a full queue sheds the newcomer; a
 * waiting request whose deadline passes is shed. The sample of a request is its time from admission to its answer
 * (the simulator has no separate response head), a timeout's is a drop, and a request that failed without an answer
 * (no ready instance, the instance's queue full, its instance died) gives none — as the gateway's
 * {@code Exchange.finishPermit}. As all waiting requests wait equally long and leave in arrival order, the next
 * deadline is always the oldest's.
 */
final class Admission {

    /** What became of an arrival. */
    enum Answer { ADMITTED, QUEUED, SHED }

    private final ConcurrencyLimit law;
    private final IntUnaryOperator threshold;
    private final int queueSize;
    private final double queueTimeout;
    private final Requests requests;
    private final IntRing queue = new IntRing();
    private int inflight;

    Admission(AdmissionLimit limit, Requests requests) {
        this.law = limit.law().get();
        this.threshold = limit.threshold();
        this.queueSize = limit.queue();
        this.queueTimeout = limit.queueTimeout().toNanos() / 1e9;
        this.requests = requests;
    }

    /** Request {@code r} arrives at {@code now}: admitted, waiting, or shed (its slot is then the caller's to free). */
    Answer arrive(int r, double now) {
        if (inflight < threshold.applyAsInt(law.limit())) {
            admit(r, now);
            return Answer.ADMITTED;
        }
        if (queue.size() < queueSize) {
            queue.add(r);
            return Answer.QUEUED;
        }
        return Answer.SHED;
    }

    /** Whether the oldest waiting request may be admitted now. */
    boolean canAdmitWaiting() {
        return !queue.isEmpty() && inflight < threshold.applyAsInt(law.limit());
    }

    /** Admits the oldest waiting request at {@code now} and returns it. */
    int admitWaiting(double now) {
        int r = queue.poll();
        admit(r, now);
        return r;
    }

    /** When the oldest waiting request's deadline passes; infinite with none waiting. */
    double nextDeadline() {
        return queue.isEmpty() ? Double.POSITIVE_INFINITY : requests.arrival[queue.peek()] + queueTimeout;
    }

    /** Takes the oldest waiting request off the queue, its deadline passed, and returns it to be shed. */
    int expire() {
        return queue.poll();
    }

    /**
     * An admitted request ended at {@code now} (its answer reached the gateway, it timed out or it failed): its place
     * is free, and its outcome goes to the law.
     *
     * @param admittedAt          when it was admitted
     * @param inflightAtAdmission the requests in flight when it was admitted, itself included
     * @param sample              whether it says anything about the service's load: answered or timed out
     * @param dropped             whether it timed out
     */
    void finished(double now, double admittedAt, int inflightAtAdmission, boolean sample, boolean dropped) {
        inflight--;
        if (sample) {
            law.onSample((long) (now * 1e9), (long) ((now - admittedAt) * 1e9), inflightAtAdmission, dropped);
        }
    }

    /** The limit now. */
    int limit() {
        return law.limit();
    }

    /** The service's requests in flight: admitted and not ended. */
    int inflight() {
        return inflight;
    }

    /** Requests waiting for a place. */
    int queued() {
        return queue.size();
    }

    private void admit(int r, double now) {
        inflight++;
        requests.admitted[r] = now;
        requests.inflightAtAdmission[r] = inflight;
    }
}
