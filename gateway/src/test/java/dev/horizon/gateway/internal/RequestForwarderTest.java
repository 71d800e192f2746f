package dev.horizon.gateway.internal;

import static dev.horizon.gateway.internal.ResponseRelayTest.FORWARDED;
import static dev.horizon.gateway.internal.ResponseRelayTest.GET;
import static org.assertj.core.api.Assertions.assertThat;

import dev.horizon.gateway.RetryPolicy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Attempts and retries of the proxy, in memory (see {@link ProxyHarness}); the rule itself is {@link AttemptsTest}. */
class RequestForwarderTest {

    /** Retries on, but a budget of no place at all: only a connect failure is retried. */
    private static final RetryPolicy NO_BUDGET = new RetryPolicy(2, 0, 0, false);
    private static final String OK = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok";
    private static final String RELAYED_OK =
        "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nx-request-id: r1\r\nvia: 1.1 horizon\r\n\r\nok";

    private ProxyHarness proxy = ProxyHarness.of(RetryPolicy.DEFAULTS);

    @AfterEach
    void close() {
        proxy.close();
    }

    @Test
    void aConnectionResetBeforeTheResponseIsRetriedOnTheOtherEndpoint() {
        proxy.send(GET);
        String head = proxy.sentTo(0);
        proxy.backend(0).channel().close();

        assertThat(proxy.backend(1).endpoint()).isNotEqualTo(proxy.backend(0).endpoint());
        assertThat(proxy.sentTo(1)).isEqualTo(head);
        proxy.answer(1, OK);

        assertThat(proxy.received()).isEqualTo(RELAYED_OK);
        ExchangeLog.Entry e = proxy.onlyEntry();
        assertThat(e.status()).isEqualTo(200);
        assertThat(e.attempts()).isEqualTo(2);
        assertThat(e.endpoint()).isEqualTo(proxy.backend(1).endpoint());
        assertThat(e.cause()).isEqualTo("endpoint " + proxy.backend(0).endpoint()
            + " closed the connection before a response");
        assertThat(proxy.member(proxy.backend(0).endpoint()).load.hasLatencySample()).isTrue();
        // the retry's place in the budget (min-concurrent 3) is given back: three are free again
        ServiceRuntime shop = proxy.shop();
        assertThat(new boolean[] {shop.tryStartRetry(), shop.tryStartRetry(), shop.tryStartRetry(),
            shop.tryStartRetry()}).containsExactly(true, true, true, false);
    }

    @Test
    void a503IsRetriedOnTheOtherEndpointAndNeverReachesTheClient() {
        proxy.send(GET);
        proxy.answer(0, "HTTP/1.1 503 Service Unavailable\r\nContent-Length: 4\r\n\r\nbusy");

        assertThat(proxy.received()).isEmpty();
        assertThat(proxy.backend(0).channel().isActive()).isFalse();
        proxy.answer(1, OK);

        assertThat(proxy.received()).isEqualTo(RELAYED_OK);
        assertThat(proxy.onlyEntry().attempts()).isEqualTo(2);
        assertThat(proxy.onlyEntry().cause()).isEqualTo("endpoint " + proxy.backend(0).endpoint() + " answered 503");
    }

    @Test
    void whenTheRetryBudgetIsSpentThe503IsRelayed() {
        proxy.close();
        proxy = ProxyHarness.of(NO_BUDGET);
        proxy.send(GET);
        proxy.answer(0, "HTTP/1.1 503 Service Unavailable\r\nContent-Length: 4\r\n\r\nbusy");

        assertThat(proxy.received()).isEqualTo("HTTP/1.1 503 Service Unavailable\r\nContent-Length: 4\r\n"
            + "x-request-id: r1\r\nvia: 1.1 horizon\r\n\r\nbusy");
        assertThat(proxy.backends).hasSize(1);
        assertThat(proxy.onlyEntry().attempts()).isEqualTo(1);
        assertThat(proxy.onlyEntry().status()).isEqualTo(503);
    }

    @Test
    void whenTheRetryBudgetIsSpentAResetIsAnswered502() {
        proxy.close();
        proxy = ProxyHarness.of(NO_BUDGET);
        proxy.send(GET);
        proxy.backend(0).channel().close();

        String cause = "endpoint " + proxy.backend(0).endpoint() + " closed the connection before a response";
        assertThat(proxy.received()).isEqualTo(error(502, "Bad Gateway", cause, ""));
        assertThat(proxy.backends).hasSize(1);
        assertThat(proxy.onlyEntry().status()).isEqualTo(502);
        assertThat(proxy.onlyEntry().cause()).isEqualTo(cause);
        assertThat(proxy.client.isActive()).isTrue();
    }

    @Test
    void aConnectFailureOfAPostIsRetriedOutsideTheBudget() {
        proxy.close();
        proxy = ProxyHarness.of(NO_BUDGET);
        proxy.nextConnects(ProxyHarness.Connect.REFUSE);
        proxy.send("POST /orders HTTP/1.1\r\nHost: shop\r\nX-Request-Id: r1\r\nContent-Length: 2\r\n\r\n{}");

        assertThat(proxy.sentTo(1)).isEqualTo("POST /orders HTTP/1.1\r\nHost: shop\r\nContent-Length: 2\r\n"
            + FORWARDED + "x-request-id: r1\r\nvia: 1.1 horizon\r\n\r\n{}");
        proxy.answer(1, OK);

        assertThat(proxy.received()).isEqualTo(RELAYED_OK);
        assertThat(proxy.onlyEntry().attempts()).isEqualTo(2);
        assertThat(proxy.onlyEntry().cause()).isEqualTo("connect to " + proxy.backend(0).endpoint()
            + " failed: Connection refused");
        assertThat(proxy.member(proxy.backend(0).endpoint()).load.hasLatencySample()).isFalse();
    }

    @Test
    void aResetPostIsNotRetried() {
        proxy.send("POST /orders HTTP/1.1\r\nHost: shop\r\nX-Request-Id: r1\r\nContent-Length: 2\r\n\r\n{}");
        proxy.backend(0).channel().close();

        assertThat(proxy.received()).isEqualTo(error(502, "Bad Gateway",
            "endpoint " + proxy.backend(0).endpoint() + " closed the connection before a response", ""));
        assertThat(proxy.backends).hasSize(1);
    }

    @Test
    void anIdempotentBodyIsHeldUntilCompleteAndSentAgainOnARetry() {
        proxy.send("PUT /doc HTTP/1.1\r\nHost: shop\r\nX-Request-Id: r1\r\nContent-Length: 5\r\n\r\nabc");
        assertThat(proxy.backends).isEmpty();

        proxy.send("de");
        String request = "PUT /doc HTTP/1.1\r\nHost: shop\r\nContent-Length: 5\r\n" + FORWARDED
            + "x-request-id: r1\r\nvia: 1.1 horizon\r\n\r\nabcde";
        assertThat(proxy.sentTo(0)).isEqualTo(request);
        proxy.answer(0, "HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\n\r\n");

        assertThat(proxy.sentTo(1)).isEqualTo(request);
        proxy.answer(1, OK);
        assertThat(proxy.received()).isEqualTo(RELAYED_OK);
    }

    @Test
    void aBodyOverTheReplayLimitIsStreamedAndThenNotRetried() {
        proxy.send("PUT /doc HTTP/1.1\r\nHost: shop\r\nX-Request-Id: r1\r\nContent-Length: 70000\r\n\r\n");
        proxy.send("x".repeat(Attempts.REPLAY_LIMIT));
        assertThat(proxy.backends).isEmpty();
        proxy.send("x");
        assertThat(proxy.sentTo(0)).endsWith("\r\n\r\n" + "x".repeat(Attempts.REPLAY_LIMIT + 1));

        proxy.backend(0).channel().close();

        assertThat(proxy.received()).isEqualTo(error(502, "Bad Gateway",
            "endpoint " + proxy.backend(0).endpoint() + " closed the connection before a response",
            "connection: close\r\n"));
        assertThat(proxy.backends).hasSize(1);
        assertThat(proxy.client.isOutputShutdown()).isTrue();
    }

    @Test
    void aClientThatClosesWhileTheConnectionOpensLeavesNoRequestInFlight() {
        proxy.nextConnects(ProxyHarness.Connect.HOLD);
        proxy.send(GET);
        String endpoint = proxy.backend(0).endpoint();
        assertThat(proxy.member(endpoint).load.inFlight()).isEqualTo(1);

        proxy.client.close();

        assertThat(proxy.backend(0).channel().isActive()).isFalse();
        assertThat(proxy.backends).hasSize(1);
        assertThat(proxy.member(ProxyHarness.A).load.inFlight()).isZero();
        assertThat(proxy.member(ProxyHarness.B).load.inFlight()).isZero();
        assertThat(proxy.onlyEntry().cause()).isEqualTo("client closed the connection");
        assertThat(proxy.onlyEntry().attempts()).isEqualTo(1);
    }

    /** The gateway's JSON error for request {@code r1}, with {@code extra} fields before the empty line. */
    static String error(int status, String reason, String cause, String extra) {
        return error(status, reason, cause, "r1", extra);
    }

    /** The gateway's JSON error for request {@code id}, with {@code extra} fields before the empty line. */
    static String error(int status, String reason, String cause, String id, String extra) {
        String json = "{\"status\":" + status + ",\"error\":\"" + reason + "\",\"cause\":\"" + cause
            + "\",\"request_id\":\"" + id + "\"}\n";
        return "HTTP/1.1 " + status + " " + reason + "\r\ncontent-type: application/json\r\ncontent-length: "
            + json.length() + "\r\ncache-control: no-store\r\nx-request-id: " + id + "\r\n" + extra + "\r\n"
            + json;
    }
}
