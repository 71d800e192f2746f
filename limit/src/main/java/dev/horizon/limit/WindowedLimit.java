package dev.horizon.limit;

/**
 * Feeds a delegate one sample per window instead of one per request: the window's average latency, its highest
 * in-flight count, and whether any of its requests dropped. A window closes at the first sample after its end that
 * finds at least {@link #WINDOW_SIZE} samples in it; its successor lasts twice the closed window's shortest latency,
 * bounded to [{@code minWindowNanos}, {@code maxWindowNanos}]. Samples under {@link #MIN_RTT_NANOS} (a cached or
 * refused answer says nothing about load) are ignored.
 *
 * <p>Implementation notes. This is Netflix's {@code WindowedLimit} with its average sample window, with two changes.
 * Its windows are 1 s; here they last from 100 ms (Envoy's {@code concurrency_update_interval} in its docs) to 1 s,
 * so a gateway reacts within a few hundred milliseconds and Gradient2's long window of 600 samples spans about a
 * minute rather than ten. And Netflix discards a window that ended with fewer than ten samples; here it goes on
 * collecting, so a trickle of traffic still moves the limit. A drop carries its latency like any other sample.
 */
final class WindowedLimit implements ConcurrencyLimit {

    static final long MIN_WINDOW_NANOS = 100_000_000L;
    static final long MAX_WINDOW_NANOS = 1_000_000_000L;
    static final int WINDOW_SIZE = 10;
    static final long MIN_RTT_NANOS = 100_000L;

    private final ConcurrencyLimit delegate;
    private final long minWindowNanos;
    private final long maxWindowNanos;
    private final int windowSize;
    private boolean started;
    private long windowEnd;
    private int count;
    private long sum;
    private long minRtt = Long.MAX_VALUE;
    private int maxInflight;
    private boolean dropped;

    WindowedLimit(ConcurrencyLimit delegate, long minWindowNanos, long maxWindowNanos, int windowSize) {
        this.delegate = delegate;
        this.minWindowNanos = minWindowNanos;
        this.maxWindowNanos = maxWindowNanos;
        this.windowSize = windowSize;
    }

    @Override
    public int limit() {
        return delegate.limit();
    }

    @Override
    public void onSample(long nowNanos, long rttNanos, int inflight, boolean drop) {
        if (rttNanos < MIN_RTT_NANOS) {
            return;
        }
        if (!started) {
            started = true;
            windowEnd = nowNanos + minWindowNanos;
        }
        count++;
        sum += rttNanos;
        minRtt = Math.min(minRtt, rttNanos);
        maxInflight = Math.max(maxInflight, inflight);
        dropped |= drop;
        if (nowNanos > windowEnd && count >= windowSize) {
            delegate.onSample(nowNanos, sum / count, maxInflight, dropped);
            windowEnd = nowNanos + Math.min(Math.max(minRtt * 2, minWindowNanos), maxWindowNanos);
            count = 0;
            sum = 0;
            minRtt = Long.MAX_VALUE;
            maxInflight = 0;
            dropped = false;
        }
    }

    @Override
    public String toString() {
        return "Windowed" + delegate;
    }
}
