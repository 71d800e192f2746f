package dev.horizon.limit;

/**
 * Netflix's Gradient2: the limit shrinks when the current latency rises above the long-term average, and grows by a
 * small allowance when it does not.
 *
 * <p>Per sample, with {@code short} the sample's latency and {@code long} an exponential average of the samples:
 * <pre>
 *   long     = EMA over LONG_WINDOW samples (a plain mean over the first WARMUP)
 *   if long / short &gt; 2:  long = long × 0.95            (latency fell back: forget the overload faster)
 *   if inflight &lt; L / 2: keep L                         (the application, not the service, limits the load)
 *   gradient = clamp(TOLERANCE × long / short, 0.5, 1)
 *   L        = L × (1 − SMOOTHING) + (L × gradient + QUEUE) × SMOOTHING,  clamped to [min, max]
 * </pre>
 *
 * <p>Implementation notes. The law and the defaults (smoothing 0.2, queue allowance 4, long window 600 with a warm-up
 * of 10, tolerance 1.5) are those of {@code Gradient2Limit} and {@code ExpAvgMeasurement} in Netflix/concurrency-limits
 * (concurrency-limits-core, {@code limit/}); the queue allowance is the constant 4, not a function of the limit.
 * The baseline is never measured apart from the traffic: unlike Envoy's gradient controller, which pins the limit to
 * {@code min_concurrency} (3) while it re-measures its minimum RTT every interval and so sheds a burst of 503s each
 * time, here the baseline is the slow average of live samples, and one sample moves the limit by at most
 * {@code SMOOTHING / 2} of itself (the gradient's floor), never below {@code min}. Gradient2LimitTest shows both.
 * A drop counts only through its latency, as in Netflix's Gradient2.
 */
final class Gradient2Limit implements ConcurrencyLimit {

    static final double SMOOTHING = 0.2;
    static final double QUEUE = 4;
    static final int LONG_WINDOW = 600;
    static final int WARMUP = 10;
    static final double TOLERANCE = 1.5;

    private final int min;
    private final int max;
    private double estimate;
    private double longRtt;
    private int longCount;
    private double longSum;

    Gradient2Limit(int initial, int min, int max) {
        Bounds.check(initial, min, max);
        this.min = min;
        this.max = max;
        this.estimate = initial;
    }

    @Override
    public int limit() {
        return (int) estimate;
    }

    /** The long-term average latency in nanoseconds: the baseline the current latency is compared with. */
    double longRttNanos() {
        return longRtt;
    }

    @Override
    public void onSample(long nowNanos, long rttNanos, int inflight, boolean dropped) {
        if (rttNanos <= 0) {
            return;
        }
        double shortRtt = rttNanos;
        double baseline = average(shortRtt);
        if (baseline / shortRtt > 2) {
            longRtt = baseline * 0.95;
        }
        if (inflight < estimate / 2) {
            return;
        }
        double gradient = Math.max(0.5, Math.min(1.0, TOLERANCE * baseline / shortRtt));
        double next = estimate * gradient + QUEUE;
        next = estimate * (1 - SMOOTHING) + next * SMOOTHING;
        estimate = Math.max(min, Math.min(max, next));
    }

    /** Adds a sample to the long-term average and returns it. */
    private double average(double sample) {
        if (longCount < WARMUP) {
            longCount++;
            longSum += sample;
            longRtt = longSum / longCount;
        } else {
            double factor = 2.0 / (LONG_WINDOW + 1);
            longRtt = longRtt * (1 - factor) + sample * factor;
        }
        return longRtt;
    }

    @Override
    public String toString() {
        return "Gradient2Limit[" + limit() + ", min " + min + ", max " + max + "]";
    }
}
