package dev.horizon.gateway.internal;

/**
 * A client connection's wait for its next request head, and the deadlines on it: a new connection's first head is
 * due within {@code request-headers} of the accept (HAProxy's {@code timeout http-request}: a silent socket would
 * otherwise hold a connection slot for the idle timeout), a later one within {@code request-headers} of its first
 * byte (slowloris), and a connection silent between requests for {@code idle} is closed.
 *
 * <p>{@link #waiting()} and {@link #since()} are also read by the connection limit's eviction on the acceptor's
 * thread, racily: a stale read only picks a worse victim, and the eviction checks again on the event loop before
 * closing (plain fields: no fence per request). Everything else runs on the connection's event loop.
 */
final class HeadWait {

    private long since;
    private long firstByteNanos;
    private boolean sawBytes;
    /** Whether a request head was ever read on the connection. */
    private boolean servedRequest;
    private boolean waiting;

    /** The connection starts waiting for a head at {@code nowNanos} (accepted, or its last answer is out). */
    void begin(long nowNanos) {
        since = nowNanos;
        firstByteNanos = 0;
        sawBytes = false;
        waiting = true;
    }

    /** The client sent bytes (of a head, or of a head still to come); the first of them starts the head deadline. */
    void bytesArrived(GatewayClock clock) {
        if (!sawBytes) {
            sawBytes = true;
            firstByteNanos = clock.nanos();
        }
    }

    /** A whole head was read: the wait is over. */
    void headRead() {
        servedRequest = true;
        waiting = false;
    }

    /** The connection is no candidate for eviction any more (it is closing, or was picked); any thread. */
    void stop() {
        waiting = false;
    }

    /** When the request whose head was just read started: at its first byte, else now. */
    long requestStart(GatewayClock clock) {
        return sawBytes ? firstByteNanos : clock.nanos();
    }

    /** When what the gateway answers without a whole head started: the first byte, or the start of the wait. */
    long answerStart() {
        return sawBytes ? firstByteNanos : since;
    }

    /** Whether bytes of the next head arrived. */
    boolean sawBytes() {
        return sawBytes;
    }

    /** Whether the head is overdue under {@code headTimeoutNanos} (see the class comment). */
    boolean late(long nowNanos, long headTimeoutNanos) {
        return !servedRequest ? nowNanos - since >= headTimeoutNanos
            : sawBytes && nowNanos - firstByteNanos >= headTimeoutNanos;
    }

    /** Whether the connection has been silent between requests for {@code idleNanos}. */
    boolean idle(long nowNanos, long idleNanos) {
        return !sawBytes && nowNanos - since >= idleNanos;
    }

    /** Whether the connection waits for a request head and may be evicted; any thread, racy. */
    boolean waiting() {
        return waiting;
    }

    /** Since when {@link #waiting()} holds, on the gateway's nano clock; any thread, racy. */
    long since() {
        return since;
    }
}
