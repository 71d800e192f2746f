package dev.horizon.sim.engine;

import java.util.Arrays;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Answers on their way back to the gateway: requests an instance has served whose answer reaches the gateway only
 * after their wait for a core ({@link SharedHost#coreWait}). A binary min-heap ordered by when each arrives, in
 * parallel primitive arrays (no object per request); an entry keeps what the gateway's side needs once the instance
 * has let go of the request's slot: its instance, its latency, when the concurrency limit admitted it with how
 * many in flight, and whether the gateway gives up on it first (its answer would come after the request timeout).
 *
 * <p>Implementation notes. On a busy machine the wait falls around the instance's work, in the gateway's and the
 * instance's I/O threads, and the gateway counts the request in flight all along: its place under the concurrency
 * limit ({@link Admission}), its endpoint's in-flight count that least-request reads, and its attempt in the
 * endpoint's window end when the answer arrives. The instance's worker is free when its work is done.
 */
final class Replies {

    private double[] at = new double[64];
    private double[] latency = new double[64];
    private double[] admitted = new double[64];
    private int[] inflight = new int[64];
    private boolean[] timesOut = new boolean[64];
    private @Nullable Instance[] instance = new Instance[64];
    private int size;

    /** How many answers are on their way. */
    int size() {
        return size;
    }

    /** When the first answer arrives, or the gateway gives up on it; infinite with none on the way. */
    double next() {
        return size == 0 ? Double.POSITIVE_INFINITY : at[0];
    }

    /**
     * The answer of a request that {@code i} served arrives at {@code when}, {@code latency} after the request
     * arrived; the concurrency limit admitted it at {@code admittedAt} with {@code inflightAtAdmission} in flight.
     */
    void add(double when, double latency, Instance i, double admittedAt, int inflightAtAdmission) {
        add(when, latency, i, admittedAt, inflightAtAdmission, false);
    }

    /**
     * The request that {@code i} served times out at the gateway at {@code when}, {@code timeout} after it arrived,
     * before its answer arrives; as {@link #add(double, double, Instance, double, int)} otherwise.
     */
    void addTimeout(double when, double timeout, Instance i, double admittedAt, int inflightAtAdmission) {
        add(when, timeout, i, admittedAt, inflightAtAdmission, true);
    }

    private void add(double when, double latency, Instance i, double admittedAt, int inflightAtAdmission,
                     boolean timesOut) {
        if (size == at.length) {
            grow();
        }
        int k = size++;
        while (k > 0) {
            int parent = (k - 1) >>> 1;
            if (at[parent] <= when) {
                break;
            }
            move(parent, k);
            k = parent;
        }
        set(k, when, latency, i, admittedAt, inflightAtAdmission, timesOut);
    }

    /** The first answer's latency, in seconds: the request timeout when the gateway gives up on it. */
    double latency() {
        return latency[0];
    }

    /** When the concurrency limit admitted the first answer's request. */
    double admitted() {
        return admitted[0];
    }

    /** The service's requests in flight when the first answer's request was admitted, itself included. */
    int inflightAtAdmission() {
        return inflight[0];
    }

    /** Whether the gateway gives up on the first one at its time (the request timeout) rather than receive it. */
    boolean timesOut() {
        return timesOut[0];
    }

    /** The instance that served the first answer's request. */
    Instance instance() {
        return Objects.requireNonNull(instance[0], "no answer on the way");
    }

    /** Takes the first answer off; there must be one. */
    void poll() {
        int last = --size;
        double when = at[last];
        int k = 0;
        while (true) {
            int child = 2 * k + 1;
            if (child >= size) {
                break;
            }
            if (child + 1 < size && at[child + 1] < at[child]) {
                child++;
            }
            if (when <= at[child]) {
                break;
            }
            move(child, k);
            k = child;
        }
        if (k != last) {
            move(last, k);
        }
        instance[last] = null;
    }

    private void move(int from, int to) {
        set(to, at[from], latency[from], Objects.requireNonNull(instance[from]), admitted[from], inflight[from],
            timesOut[from]);
    }

    private void set(int k, double when, double l, Instance i, double admittedAt, int inflightAtAdmission,
                     boolean timesOut) {
        this.timesOut[k] = timesOut;
        at[k] = when;
        latency[k] = l;
        instance[k] = i;
        admitted[k] = admittedAt;
        inflight[k] = inflightAtAdmission;
    }

    private void grow() {
        int n = at.length * 2;
        at = Arrays.copyOf(at, n);
        latency = Arrays.copyOf(latency, n);
        admitted = Arrays.copyOf(admitted, n);
        inflight = Arrays.copyOf(inflight, n);
        timesOut = Arrays.copyOf(timesOut, n);
        instance = Arrays.copyOf(instance, n);
    }
}
