package dev.horizon.showcase;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/**
 * Real CPU work of a given amount, as {@code horizon backend --cpu-cost} spends per request: arithmetic on the calling
 * thread until that thread's CPU clock ({@link ThreadMXBean#getCurrentThreadCpuTime}, Linux's
 * {@code CLOCK_THREAD_CPUTIME_ID}) has advanced by the amount. Not the wall clock and not a sleep: a thread the kernel
 * throttles (a CFS quota used up) or preempts accrues no CPU time meanwhile, so under a CPU limit the work takes longer
 * in wall time and an instance's throughput follows its limit, as a CPU-bound service's does.
 */
final class CpuWork {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    /** Rounds of the generator between readings of the clock: some microseconds, so the reading costs little. */
    private static final int ROUNDS = 4096;

    /** Where each burst's result goes, so that the JIT cannot find the loop without effect and drop it. */
    @SuppressWarnings("unused")
    private static volatile long sink;

    private CpuWork() {
    }

    /**
     * Makes sure this JVM measures thread CPU time.
     *
     * @throws IllegalStateException when it cannot
     */
    static void requireMeasurable() {
        if (!THREADS.isCurrentThreadCpuTimeSupported()) {
            throw new IllegalStateException("this JVM cannot measure a thread's CPU time, which --cpu-cost needs");
        }
        if (!THREADS.isThreadCpuTimeEnabled()) {
            THREADS.setThreadCpuTimeEnabled(true);
        }
    }

    /**
     * Computes until the calling thread has used {@code nanos} more of CPU time, or it is interrupted.
     *
     * @return the CPU time used, in nanoseconds: at least {@code nanos} unless interrupted
     */
    static long spend(long nanos) {
        long start = THREADS.getCurrentThreadCpuTime();
        long used = 0;
        long x = start | 1;
        while (used < nanos && !Thread.currentThread().isInterrupted()) {
            for (int i = 0; i < ROUNDS; i++) { // xorshift64: a dependent chain the CPU cannot skip
                x ^= x << 13;
                x ^= x >>> 7;
                x ^= x << 17;
            }
            used = THREADS.getCurrentThreadCpuTime() - start;
        }
        sink = x;
        return used;
    }
}
