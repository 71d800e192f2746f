package dev.horizon.showcase;

/** Where a shopper reports what happened. */
interface TrafficSink {

    /** A request answered as expected after {@code nanos}. */
    void ok(long nanos);

    /**
     * A request that failed after {@code nanos}, and why; {@code status} is the answer's status code, 0 when there
     * was no answer.
     */
    void failed(long nanos, int status, String reason);

    /** A check of what a shopper saw failed (not a request of its own). */
    void mismatch(String reason);

    /** An answer came from the shop's {@code version} (its {@code X-Version} header), whatever its status. */
    void answeredBy(String version);

    /**
     * A logged-in shopper found itself logged out (a {@code 401} where its session should hold); reported once per
     * visit, besides the failed request.
     */
    void loggedOut();

    /** A shopper's cart held less than it put in; reported once per visit, besides the mismatch. */
    void cartLost();
}
