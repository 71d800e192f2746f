package dev.horizon.gateway.internal;

import static dev.horizon.gateway.internal.RequestForwarderTest.error;
import static dev.horizon.gateway.internal.ResponseRelayTest.GET;
import static org.assertj.core.api.Assertions.assertThat;

import dev.horizon.gateway.RetryPolicy;
import dev.horizon.gateway.Timeouts;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A timeout in each phase of a connection and of its exchange, in memory (see {@link ProxyHarness}): time moves only
 * when a test says so. With the harness's timeouts (request-headers 10 s, idle 60 s, backend 30 s) the watchdog
 * checks every 2.5 s, so a deadline is seen at the first check at or after it.
 */
class DeadlineWatchdogTest {

    private static final RetryPolicy NO_RETRIES = new RetryPolicy(0, 20, 3, false);
    private static final Duration ALMOST = Duration.ofMillis(29_900);
    private static final Duration CHECK = Duration.ofMillis(2_500);
    private static final String POST_PART = "POST /orders HTTP/1.1\r\nHost: shop\r\nX-Request-Id: r1\r\n"
        + "Content-Length: 10\r\n\r\nabc";

    private ProxyHarness proxy = ProxyHarness.of(RetryPolicy.DEFAULTS);

    @AfterEach
    void close() {
        proxy.close();
    }

    @Test
    void aNewConnectionThatSendsNothingGets408AfterRequestHeaders() {
        proxy.elapse(Duration.ofMillis(9_900));
        assertThat(proxy.received()).isEmpty();
        proxy.elapse(CHECK);

        ExchangeLog.Entry e = proxy.onlyEntry();
        String cause = "no request received within 10000 ms";
        assertThat(proxy.received()).isEqualTo(error(408, "Request Timeout", cause, e.requestId(),
            "connection: close\r\n"));
        assertThat(proxy.client.isActive()).isFalse();
        assertThat(e.method()).isEmpty();
        assertThat(e.path()).isEmpty();
        assertThat(e.cause()).isEqualTo(cause);
        assertThat(e.durationNanos()).isEqualTo(Duration.ofMillis(12_400).toNanos());
    }

    @Test
    void aLaterHeadIsDueWithinRequestHeadersOfItsFirstByte() {
        proxy.send(GET);
        proxy.answer(0, "HTTP/1.1 204 No Content\r\n\r\n");
        proxy.received();
        proxy.elapse(Duration.ofSeconds(20));
        proxy.send("GET /slow HTTP/1.1\r\nHost: shop\r\n");
        proxy.elapse(Duration.ofMillis(9_900));
        assertThat(proxy.received()).isEmpty();
        proxy.elapse(CHECK);

        ExchangeLog.Entry e = proxy.log.get(1);
        assertThat(proxy.received()).isEqualTo(error(408, "Request Timeout",
            "request head not received within 10000 ms", e.requestId(), "connection: close\r\n"));
        assertThat(e.method()).isEqualTo("GET");
        assertThat(e.path()).isEqualTo("/slow");
        assertThat(e.durationNanos()).isEqualTo(Duration.ofMillis(12_400).toNanos());
    }

    @Test
    void anIdleKeepAliveConnectionIsClosedSilently() {
        proxy.send(GET);
        proxy.answer(0, "HTTP/1.1 204 No Content\r\n\r\n");
        proxy.received();
        proxy.elapse(Duration.ofSeconds(59));
        assertThat(proxy.client.isActive()).isTrue();
        proxy.elapse(CHECK);

        assertThat(proxy.client.isActive()).isFalse();
        assertThat(proxy.received()).isEmpty();
        assertThat(proxy.log).hasSize(1);
    }

    @Test
    void anEndpointThatDoesNotAnswerGets504AndIsCharged() {
        proxy.close();
        proxy = ProxyHarness.of(NO_RETRIES);
        proxy.send(GET);
        proxy.elapse(ALMOST);
        assertThat(proxy.received()).isEmpty();
        proxy.elapse(CHECK);

        String endpoint = proxy.backend(0).endpoint();
        assertThat(proxy.received()).isEqualTo(error(504, "Gateway Timeout",
            "endpoint " + endpoint + " did not answer within 30000 ms", ""));
        assertThat(proxy.client.isActive()).isTrue();
        assertThat(proxy.backend(0).channel().isActive()).isFalse();
        assertThat(proxy.member(endpoint).load.hasLatencySample()).isTrue();
        assertThat(proxy.member(endpoint).load.inFlight()).isZero();
    }

    @Test
    void anAttemptThatTimesOutIsRetriedOnTheOtherEndpointWhenRetriesAllow() {
        proxy.send(GET);
        proxy.elapse(ALMOST.plus(CHECK));
        proxy.answer(1, "HTTP/1.1 204 No Content\r\n\r\n");

        assertThat(proxy.received())
            .isEqualTo("HTTP/1.1 204 No Content\r\nx-request-id: r1\r\nvia: 1.1 horizon\r\n\r\n");
        assertThat(proxy.onlyEntry().attempts()).isEqualTo(2);
        assertThat(proxy.onlyEntry().cause()).isEqualTo("endpoint " + proxy.backend(0).endpoint()
            + " did not answer within 30000 ms");
    }

    @Test
    void aHeldBodyThatStallsGets408BeforeAnyAttempt() {
        proxy.send("PUT /doc HTTP/1.1\r\nHost: shop\r\nX-Request-Id: r1\r\nContent-Length: 5\r\n\r\nab");
        proxy.elapse(ALMOST);
        assertThat(proxy.received()).isEmpty();
        proxy.elapse(CHECK);

        assertThat(proxy.received()).isEqualTo(error(408, "Request Timeout", "request body stalled for 30000 ms",
            "connection: close\r\n"));
        assertThat(proxy.backends).isEmpty();
        assertThat(proxy.client.isOutputShutdown()).isTrue();
    }

    @Test
    void aStreamedBodyThatStallsGets408AndIsNotCharged() {
        proxy.send(POST_PART);
        proxy.elapse(ALMOST.plus(CHECK));

        String endpoint = proxy.backend(0).endpoint();
        assertThat(proxy.received()).isEqualTo(error(408, "Request Timeout", "request body stalled for 30000 ms",
            "connection: close\r\n"));
        assertThat(proxy.backend(0).channel().isActive()).isFalse();
        assertThat(proxy.member(endpoint).load.hasLatencySample()).isFalse();
        assertThat(proxy.member(endpoint).load.inFlight()).isZero();
    }

    @Test
    void anEndpointThatStopsReadingTheUploadGets504AndIsCharged() {
        proxy.send(POST_PART);
        proxy.backend(0).channel().unsafe().outboundBuffer().setUserDefinedWritability(1, false);
        proxy.backend(0).channel().runPendingTasks();
        assertThat(proxy.client.config().isAutoRead()).isFalse();
        proxy.elapse(ALMOST.plus(CHECK));

        String endpoint = proxy.backend(0).endpoint();
        assertThat(proxy.received()).isEqualTo(error(504, "Gateway Timeout",
            "endpoint " + endpoint + " stopped reading the request for 30000 ms", "connection: close\r\n"));
        assertThat(proxy.member(endpoint).load.hasLatencySample()).isTrue();
    }

    @Test
    void aResponseBodyThatStallsCutsTheConnectionAndIsCharged() {
        proxy.send(GET);
        proxy.answer(0, "HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc");
        assertThat(proxy.received()).endsWith("\r\n\r\nabc");
        proxy.elapse(ALMOST);
        assertThat(proxy.client.isActive()).isTrue();
        proxy.elapse(CHECK);

        String endpoint = proxy.backend(0).endpoint();
        assertThat(proxy.client.isActive()).isFalse();
        assertThat(proxy.received()).isEmpty();
        ExchangeLog.Entry e = proxy.onlyEntry();
        assertThat(e.status()).isEqualTo(200);
        assertThat(e.bytesOut()).isEqualTo(3);
        assertThat(e.cause()).isEqualTo("endpoint " + endpoint + " did not answer within 30000 ms");
        assertThat(proxy.member(endpoint).load.hasLatencySample()).isTrue();
    }

    @Test
    void aClientThatStopsReadingTheResponseIsCutAndNotCharged() {
        proxy.send(GET);
        proxy.answer(0, "HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc");
        proxy.received();
        proxy.client.unsafe().outboundBuffer().setUserDefinedWritability(1, false);
        proxy.client.runPendingTasks();
        assertThat(proxy.backend(0).channel().config().isAutoRead()).isFalse();
        proxy.elapse(ALMOST.plus(CHECK));

        String endpoint = proxy.backend(0).endpoint();
        assertThat(proxy.client.isActive()).isFalse();
        assertThat(proxy.onlyEntry().cause()).isEqualTo("client did not read the response for 30000 ms");
        assertThat(proxy.member(endpoint).load.hasLatencySample()).isFalse();
        assertThat(proxy.member(endpoint).load.inFlight()).isZero();
    }

    @Test
    void theTotalTimeoutEndsAnExchangeWhoseConnectionIsStillOpening() {
        proxy.close();
        proxy = new ProxyHarness(ProxyHarness.config(RetryPolicy.DEFAULTS, new Timeouts(Duration.ofSeconds(2),
            Duration.ofSeconds(10), Duration.ofSeconds(60), Duration.ofSeconds(30), Duration.ofSeconds(5)), null));
        proxy.nextConnects(ProxyHarness.Connect.HOLD);
        proxy.send(GET);
        proxy.elapse(Duration.ofMillis(4_900));
        assertThat(proxy.received()).isEmpty();
        proxy.elapse(Duration.ofMillis(1_250));

        assertThat(proxy.received()).isEqualTo(error(504, "Gateway Timeout",
            "request not completed within the total timeout of 5000 ms", ""));
        assertThat(proxy.backend(0).channel().isActive()).isFalse();
        assertThat(proxy.backends).hasSize(1);
        assertThat(proxy.member(proxy.backend(0).endpoint()).load.inFlight()).isZero();
    }
}
