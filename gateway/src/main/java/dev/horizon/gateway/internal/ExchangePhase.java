package dev.horizon.gateway.internal;

/**
 * Where an {@link Exchange} stands, from its request head to its end. The request direction (whether the whole body
 * arrived, whether the endpoint stopped reading it) is tracked beside the phase, because a response may start before
 * the request has ended.
 *
 * <pre>
 * RECEIVING ─► CONNECTING ─► ATTEMPTING ─► HEAD_HELD ─► RELAYING ─► DONE
 *                 ▲  ↺          │  ↺  ▲          │  │          │        ▲
 *                 └─── retry ───┘     └─ invalid ┘  └─► CUT ◄──┘────────┤
 * RECEIVING, CONNECTING, ATTEMPTING ─► ANSWERED ────────────────────────┘
 * </pre>
 * (↺: a retry to the same kind of phase, on a fresh or a pooled connection; "invalid": the held head turned out to
 * belong to an invalid response, and the attempt fails as if no head had come.)
 *
 * <p>The legal transitions, which {@link #canBecome} holds and {@link Exchange#to} enforces (any other is a bug and
 * throws {@link IllegalStateException}):
 * <table>
 *   <caption>From each phase, the phases it may become</caption>
 *   <tr><th>from</th><th>to</th></tr>
 *   <tr><td>RECEIVING</td><td>CONNECTING, ATTEMPTING, ANSWERED, DONE</td></tr>
 *   <tr><td>CONNECTING</td><td>CONNECTING, ATTEMPTING, ANSWERED, DONE</td></tr>
 *   <tr><td>ATTEMPTING</td><td>CONNECTING, ATTEMPTING, HEAD_HELD, ANSWERED, DONE</td></tr>
 *   <tr><td>HEAD_HELD</td><td>ATTEMPTING, RELAYING, CUT, DONE</td></tr>
 *   <tr><td>RELAYING</td><td>CUT, DONE</td></tr>
 *   <tr><td>CUT</td><td>DONE</td></tr>
 *   <tr><td>ANSWERED</td><td>DONE</td></tr>
 *   <tr><td>DONE</td><td>(none)</td></tr>
 * </table>
 * Every phase but CUT and ANSWERED may also become DONE directly when the client goes away (it closes, or
 * half-closes in the middle of its request).
 */
enum ExchangePhase {

    /** The head is read and no attempt is under way: a retryable request's body is held until it is complete. */
    RECEIVING(false, false),
    /** An attempt waits for a new connection to its endpoint; body pieces that arrive meanwhile are held. */
    CONNECTING(false, false),
    /** An attempt owns a backend connection: the request goes out, no response head has come yet. */
    ATTEMPTING(true, false),
    /**
     * The endpoint's response head is accepted and held back to leave with the first piece of body; nothing reached
     * the client yet, so a response that proves invalid can still become a {@code 502} or a retry (to ATTEMPTING).
     */
    HEAD_HELD(true, true),
    /** Response bytes went to the client: the exchange ends with the response's end, or with the connection cut. */
    RELAYING(true, true),
    /**
     * The response started and cannot end well (the endpoint failed mid-response, the client stalled or sent
     * something malformed): the client connection is closing, and the exchange ends when it has closed.
     */
    CUT(false, true),
    /** The gateway answered itself (a JSON error); the exchange ends at once. */
    ANSWERED(false, true),
    /** Ended: counted, logged, buffers given back. Terminal. */
    DONE(false, true);

    static {
        RECEIVING.allow(CONNECTING, ATTEMPTING, ANSWERED, DONE);
        CONNECTING.allow(CONNECTING, ATTEMPTING, ANSWERED, DONE);
        ATTEMPTING.allow(CONNECTING, ATTEMPTING, HEAD_HELD, ANSWERED, DONE);
        HEAD_HELD.allow(ATTEMPTING, RELAYING, CUT, DONE);
        RELAYING.allow(CUT, DONE);
        CUT.allow(DONE);
        ANSWERED.allow(DONE);
    }

    private final boolean attached;
    private final boolean responseStarted;
    /** The phases this one may become, one bit per ordinal; written once, by the static initializer. */
    private int successors;

    ExchangePhase(boolean attached, boolean responseStarted) {
        this.attached = attached;
        this.responseStarted = responseStarted;
    }

    private void allow(ExchangePhase... next) {
        for (ExchangePhase p : next) {
            successors |= 1 << p.ordinal();
        }
    }

    /** Whether an exchange in this phase may move to {@code next}. */
    boolean canBecome(ExchangePhase next) {
        return (successors & 1 << next.ordinal()) != 0;
    }

    /** Whether an attempt owns a backend connection: the phases in which the endpoint's events are relayed. */
    boolean attached() {
        return attached;
    }

    /**
     * Whether a response is under way or over: the endpoint's head was accepted, or the gateway answered. A retry or
     * an answer of the gateway's is no longer possible, except from HEAD_HELD after the endpoint's response proved
     * invalid.
     */
    boolean responseStarted() {
        return responseStarted;
    }
}
