package dev.horizon.gateway.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.horizon.gateway.RetryPolicy;
import dev.horizon.gateway.Sticky;
import java.time.Duration;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The endpoint's response on its way to the client, in memory (see {@link ProxyHarness}). */
class ResponseRelayTest {

    static final String GET = "GET /items?x=1 HTTP/1.1\r\nHost: shop\r\nX-Request-Id: r1\r\n\r\n";
    static final String FORWARDED = "x-forwarded-for: 192.0.2.7\r\nx-forwarded-proto: http\r\n"
        + "x-forwarded-host: shop\r\nforwarded: for=192.0.2.7;proto=http;host=\"shop\"\r\n";

    private ProxyHarness proxy = ProxyHarness.of(RetryPolicy.DEFAULTS);

    @AfterEach
    void close() {
        proxy.close();
    }

    @Test
    void aSmallResponseLeavesInOneWriteAndItsConnectionServesTheNextRequest() {
        proxy.send(GET);
        assertThat(proxy.sentTo(0)).isEqualTo("GET /items?x=1 HTTP/1.1\r\nHost: shop\r\n" + FORWARDED
            + "x-request-id: r1\r\nvia: 1.1 horizon\r\n\r\n");

        proxy.answer(0, "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");

        assertThat(proxy.client.outboundMessages()).hasSize(1);
        assertThat(proxy.received()).isEqualTo(
            "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nx-request-id: r1\r\nvia: 1.1 horizon\r\n\r\nok");
        ExchangeLog.Entry e = proxy.onlyEntry();
        assertThat(e.status()).isEqualTo(200);
        assertThat(e.bytesOut()).isEqualTo(2);
        assertThat(e.attempts()).isEqualTo(1);
        assertThat(e.endpoint()).isEqualTo(proxy.backend(0).endpoint());
        assertThat(e.cause()).isEmpty();

        // round robin: the next request goes to the other endpoint, the one after it back to the pooled connection
        proxy.send(GET.replace("r1", "r2"));
        proxy.answer(1, "HTTP/1.1 204 No Content\r\n\r\n");
        proxy.send(GET.replace("r1", "r3"));
        assertThat(proxy.backends).hasSize(2);
        assertThat(proxy.backend(1).endpoint()).isNotEqualTo(proxy.backend(0).endpoint());
        assertThat(proxy.sentTo(0)).startsWith("GET /items?x=1 HTTP/1.1\r\n").contains("x-request-id: r3\r\n");
        assertThat(proxy.member(proxy.backend(0).endpoint()).load.inFlight()).isEqualTo(1);
    }

    @Test
    void aChunkedResponseIsReChunkedWithItsTrailers() {
        proxy.send(GET);
        proxy.answer(0, "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n");
        proxy.answer(0, "2\r\nde\r\n0\r\nDigest: x\r\n\r\n");

        assertThat(proxy.received()).isEqualTo("HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n"
            + "x-request-id: r1\r\nvia: 1.1 horizon\r\n\r\n3\r\nabc\r\n2\r\nde\r\n0\r\nDigest: x\r\n\r\n");
        assertThat(proxy.onlyEntry().bytesOut()).isEqualTo(5);
    }

    @Test
    void theEndpointsHundredContinueReachesAClientThatWaitsForIt() {
        proxy.send("PUT /doc HTTP/1.1\r\nHost: shop\r\nX-Request-Id: r1\r\nExpect: 100-continue\r\n"
            + "Content-Length: 5\r\n\r\n");
        assertThat(proxy.sentTo(0)).isEqualTo("PUT /doc HTTP/1.1\r\nHost: shop\r\nExpect: 100-continue\r\n"
            + "Content-Length: 5\r\n" + FORWARDED + "x-request-id: r1\r\nvia: 1.1 horizon\r\n\r\n");

        proxy.answer(0, "HTTP/1.1 100 Continue\r\n\r\n");
        assertThat(proxy.received()).isEqualTo("HTTP/1.1 100 Continue\r\n\r\n");

        proxy.send("hello");
        assertThat(proxy.sentTo(0)).isEqualTo("hello");
        proxy.answer(0, "HTTP/1.1 201 Created\r\nContent-Length: 0\r\n\r\n");

        assertThat(proxy.received()).isEqualTo(
            "HTTP/1.1 201 Created\r\nContent-Length: 0\r\nx-request-id: r1\r\nvia: 1.1 horizon\r\n\r\n");
        assertThat(proxy.onlyEntry().status()).isEqualTo(201);
        assertThat(proxy.client.isActive()).isTrue();
    }

    @Test
    void anEarlyResponseBeforeTheBodyEndsClosesTheConnectionWithALingeringClose() {
        proxy.send("POST /upload HTTP/1.1\r\nHost: shop\r\nX-Request-Id: r1\r\nContent-Length: 100000\r\n\r\n");
        proxy.send("x".repeat(70_000));
        assertThat(proxy.sentTo(0)).endsWith("x".repeat(70_000));

        proxy.answer(0, "HTTP/1.1 413 Content Too Large\r\nContent-Length: 4\r\nConnection: close\r\n\r\nbig!");

        assertThat(proxy.received()).isEqualTo("HTTP/1.1 413 Content Too Large\r\nContent-Length: 4\r\n"
            + "x-request-id: r1\r\nvia: 1.1 horizon\r\nconnection: close\r\n\r\nbig!");
        assertThat(proxy.client.isOutputShutdown()).isTrue();
        assertThat(proxy.client.isActive()).isTrue();
        assertThat(proxy.backend(0).channel().isActive()).isFalse();

        proxy.send("y".repeat(30_000));
        assertThat(proxy.sentTo(0)).isEmpty();
        proxy.elapse(Duration.ofMillis(1_900));
        assertThat(proxy.client.isActive()).isTrue();
        proxy.elapse(Duration.ofMillis(700));
        assertThat(proxy.client.isActive()).isFalse();
        assertThat(proxy.onlyEntry().status()).isEqualTo(413);
    }

    @Test
    void aStickyServiceSetsACookieNamingTheEndpointThatServedAndHonoursIt() {
        proxy.close();
        proxy = new ProxyHarness(ProxyHarness.config(RetryPolicy.DEFAULTS, ProxyHarness.TIMEOUTS,
            new Sticky("srv", Duration.ofHours(1))));
        proxy.send(GET);
        proxy.answer(0, "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
        String endpoint = proxy.backend(0).endpoint();
        String value = StickyCookies.of("the gateway's sticky-cookie secret").sign(endpoint,
            proxy.clock.epochMillis() / 1000 + 3600);

        // Expires is Netty's, from the system clock
        assertThat(proxy.received()).matches(Pattern.quote("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n"
            + "x-request-id: r1\r\nvia: 1.1 horizon\r\nset-cookie: srv=" + value + "; Max-Age=3600; Expires=")
            + "[A-Z][a-z]{2}, \\d{2} [A-Z][a-z]{2} \\d{4} \\d{2}:\\d{2}:\\d{2} GMT"
            + Pattern.quote("; Path=/; HTTPOnly\r\n\r\nok"));

        for (int i = 0; i < 3; i++) {
            proxy.send("GET / HTTP/1.1\r\nHost: shop\r\nCookie: srv=" + value + "\r\n\r\n");
            proxy.answer(0, "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
            assertThat(proxy.received()).doesNotContain("set-cookie");
        }
        assertThat(proxy.backends).hasSize(1);
        assertThat(proxy.log).extracting(ExchangeLog.Entry::endpoint).containsOnly(endpoint);
    }
}
