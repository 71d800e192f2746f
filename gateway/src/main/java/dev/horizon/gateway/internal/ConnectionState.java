package dev.horizon.gateway.internal;

/**
 * Where a client connection ({@link ProxyHandler}) stands; the exchange under way, if any, has its own
 * {@link ExchangePhase}. A connection starts OPEN and leaves it once, for CLOSING, LINGERING or UPGRADED, then closes.
 */
enum ConnectionState {
    /** Reading requests: waiting for a head, or serving an exchange with pipelined ones queued. */
    OPEN,
    /** Closing once the last answer has left (or after {@code idle}); nothing more is read or answered. */
    CLOSING,
    /** Lingering close ({@link LingeringClose}): the answer is out and what the client still sends is dropped. */
    LINGERING,
    /** A WebSocket tunnel took the connection over ({@link WebSocketTunnel}); the proxy has left its pipeline. */
    UPGRADED
}
