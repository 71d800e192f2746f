package dev.horizon.gateway.internal;

/**
 * Where finished exchanges are reported: the access log and metrics. {@link #NONE} is the null object.
 */
interface ExchangeLog {

    /** Reports nothing. */
    ExchangeLog NONE = record -> { };

    /** One finished exchange. */
    void record(Entry entry);

    /**
     * What happened to one request.
     *
     * @param startMillis    wall-clock start, for the log line
     * @param requestId      the {@code X-Request-Id}
     * @param client         the resolved client address
     * @param method         the request method
     * @param path           the request path without query
     * @param route          the route's name, empty when none matched
     * @param service        the route's service (also when the gateway answered for it: a rate limit's 429, a
     *                       concurrency limit's 503, an HTTPS redirect), empty when no route matched
     * @param status         the status sent to the client (0 when the connection closed before one)
     * @param bytesOut       response body bytes sent
     * @param durationNanos  from the request head to the last response byte
     * @param endpoint       the endpoint of the last attempt, empty when none
     * @param attempts       how many endpoints were tried (0: the request never reached its service)
     * @param cause          why the gateway answered itself or aborted, empty for a proxied response
     */
    record Entry(long startMillis, String requestId, String client, String method, String path, String route,
        String service, int status, long bytesOut, long durationNanos, String endpoint, int attempts, String cause) {
    }
}
