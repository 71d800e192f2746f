package dev.horizon.sim.engine;

import java.util.Arrays;

/**
 * The requests in flight, as parallel primitive arrays indexed by a slot that is reused once a request is over: no
 * object per request. A slot is taken at arrival and given back by {@link #free} when the instance's admission ring
 * lets go of it (see {@link Instance}).
 */
final class Requests {

    /** When it arrived, in seconds of virtual time. */
    double[] arrival = new double[1024];
    /** When the service's concurrency limit admitted it, in seconds of virtual time ({@link Admission}). */
    double[] admitted = new double[1024];
    /** The service's requests in flight when it was admitted, itself included ({@link Admission}). */
    int[] inflightAtAdmission = new int[1024];
    /** The instance's virtual time at which its service ends (processor sharing). */
    double[] finish = new double[1024];
    /** Its work, in mean requests' worth (1 on average). */
    double[] work = new double[1024];
    /** Its place in the instance's finish heap, or -1 when it is not in service. */
    int[] heapIndex = new int[1024];
    /** Whether it is over (served, timed out, failed) but still held by an admission ring. */
    boolean[] over = new boolean[1024];
    private int[] free = new int[1024];
    private int freeCount;
    private int next;

    /** A slot for a request arriving at {@code at}. */
    int take(double at) {
        int r;
        if (freeCount > 0) {
            r = free[--freeCount];
        } else {
            if (next == arrival.length) {
                grow();
            }
            r = next++;
        }
        arrival[r] = at;
        heapIndex[r] = -1;
        over[r] = false;
        return r;
    }

    /** Gives slot {@code r} back. */
    void free(int r) {
        if (freeCount == free.length) {
            free = Arrays.copyOf(free, free.length * 2);
        }
        free[freeCount++] = r;
    }

    private void grow() {
        int n = arrival.length * 2;
        arrival = Arrays.copyOf(arrival, n);
        admitted = Arrays.copyOf(admitted, n);
        inflightAtAdmission = Arrays.copyOf(inflightAtAdmission, n);
        finish = Arrays.copyOf(finish, n);
        work = Arrays.copyOf(work, n);
        heapIndex = Arrays.copyOf(heapIndex, n);
        over = Arrays.copyOf(over, n);
    }
}
