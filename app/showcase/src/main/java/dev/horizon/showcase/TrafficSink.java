package dev.horizon.showcase;

/** Where a shopper reports what happened. */
interface TrafficSink {

    /** A request answered as expected after {@code nanos}. */
    void ok(long nanos);

    /** A request that failed after {@code nanos}, and why. */
    void failed(long nanos, String reason);

    /** A check of what a shopper saw failed (not a request of its own). */
    void mismatch(String reason);
}
