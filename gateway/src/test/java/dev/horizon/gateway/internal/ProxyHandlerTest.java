package dev.horizon.gateway.internal;

import static dev.horizon.gateway.internal.RequestForwarderTest.error;
import static dev.horizon.gateway.internal.ResponseRelayTest.GET;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.horizon.gateway.RetryPolicy;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import java.util.Objects;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The client connection: pipelining, half-close, eviction, a bug's exception; in memory (see {@link ProxyHarness}). */
class ProxyHandlerTest {

    private static final String NO_CONTENT = "HTTP/1.1 204 No Content\r\n\r\n";

    private final ProxyHarness proxy = ProxyHarness.of(RetryPolicy.DEFAULTS);

    @AfterEach
    void close() {
        proxy.close();
    }

    private ProxyHandler handler() {
        return Objects.requireNonNull(proxy.client.pipeline().get(ProxyHandler.class));
    }

    private static String relayed(String id) {
        return "HTTP/1.1 204 No Content\r\nx-request-id: " + id + "\r\nvia: 1.1 horizon\r\n\r\n";
    }

    @Test
    void pipelinedRequestsAreForwardedOneAtATimeAndAnsweredInOrder() {
        proxy.send(GET + GET.replace("r1", "r2") + GET.replace("r1", "r3"));

        assertThat(proxy.backends).hasSize(1);
        assertThat(proxy.sentTo(0)).contains("x-request-id: r1\r\n").doesNotContain("r2");
        assertThat(proxy.client.config().isAutoRead()).isFalse();
        proxy.answer(0, NO_CONTENT);
        assertThat(proxy.received()).isEqualTo(relayed("r1"));

        assertThat(proxy.sentTo(1)).contains("x-request-id: r2\r\n").doesNotContain("r3");
        proxy.answer(1, NO_CONTENT);
        assertThat(proxy.received()).isEqualTo(relayed("r2"));

        assertThat(proxy.sentTo(0)).contains("x-request-id: r3\r\n");
        proxy.answer(0, NO_CONTENT);
        assertThat(proxy.received()).isEqualTo(relayed("r3"));
        assertThat(proxy.log).extracting(ExchangeLog.Entry::requestId).containsExactly("r1", "r2", "r3");
        assertThat(proxy.client.config().isAutoRead()).isTrue();
    }

    @Test
    void requestsQueuedBehindAnAnswerThatClosesAreDroppedUnforwarded() {
        proxy.send(GET.replace("\r\n\r\n", "\r\nConnection: close\r\n\r\n") + GET.replace("r1", "r2"));
        proxy.answer(0, NO_CONTENT);

        assertThat(proxy.received()).isEqualTo(
            "HTTP/1.1 204 No Content\r\nx-request-id: r1\r\nvia: 1.1 horizon\r\nconnection: close\r\n\r\n");
        assertThat(proxy.client.isActive()).isFalse();
        assertThat(proxy.backends).hasSize(1);
        assertThat(proxy.log).hasSize(1);
    }

    @Test
    void aHalfClosedClientGetsEveryWholeRequestAnsweredThenTheConnectionCloses() {
        proxy.send(GET + GET.replace("r1", "r2"));
        proxy.client.pipeline().fireUserEventTriggered(ChannelInputShutdownEvent.INSTANCE);

        proxy.answer(0, NO_CONTENT);
        assertThat(proxy.client.isActive()).isTrue();
        proxy.answer(1, NO_CONTENT);

        assertThat(proxy.received()).isEqualTo(relayed("r1") + relayed("r2"));
        assertThat(proxy.client.isActive()).isFalse();
    }

    @Test
    void aRequestCutShortByTheClientsHalfCloseEndsUnchargedAndTheConnectionCloses() {
        proxy.send("POST /orders HTTP/1.1\r\nHost: shop\r\nX-Request-Id: r1\r\nContent-Length: 10\r\n\r\nabc");
        String endpoint = proxy.backend(0).endpoint();
        proxy.client.pipeline().fireUserEventTriggered(ChannelInputShutdownEvent.INSTANCE);

        assertThat(proxy.received()).isEmpty();
        assertThat(proxy.client.isActive()).isFalse();
        assertThat(proxy.backend(0).channel().isActive()).isFalse();
        assertThat(proxy.onlyEntry().cause())
            .isEqualTo("client closed its side of the connection before the request ended");
        assertThat(proxy.member(endpoint).load.hasLatencySample()).isFalse();
        assertThat(proxy.member(endpoint).load.inFlight()).isZero();
    }

    @Test
    void aConnectionWaitingForAHeadIsEvictedOnItsLoopAndOneServingARequestIsNot() {
        HeadWait wait = handler().headWait();
        assertThat(wait.waiting()).isTrue();
        proxy.send(GET);
        assertThat(wait.waiting()).isFalse();
        handler().evictIfWaiting(proxy.client);
        proxy.client.runPendingTasks();
        assertThat(proxy.client.isActive()).isTrue();

        proxy.answer(0, NO_CONTENT);
        assertThat(wait.waiting()).isTrue();
        handler().evictIfWaiting(proxy.client);
        assertThat(wait.waiting()).isFalse();
        proxy.client.runPendingTasks();

        assertThat(proxy.received()).isEqualTo(relayed("r1"));
        assertThat(proxy.client.isActive()).isFalse();
    }

    @Test
    void aMalformedHeadIsAnswered400AndTheConnectionCloses() {
        proxy.send("GET /a HTTP/1.1\r\nHost: shop\r\nX-Request-Id: r1\r\nHost: other\r\n\r\n");

        ExchangeLog.Entry e = proxy.onlyEntry();
        assertThat(proxy.received()).isEqualTo(error(400, "Bad Request", e.cause(), e.requestId(),
            "connection: close\r\n"));
        assertThat(e.method()).isEqualTo("GET");
        assertThat(e.path()).isEqualTo("/a");
        assertThat(proxy.client.isActive()).isFalse();
        assertThat(proxy.backends).isEmpty();
    }

    @Test
    void aBugsExceptionClosesTheConnectionAndReachesThePipelinesTail() {
        proxy.send(GET);
        IllegalStateException bug = new IllegalStateException("exchange r1: illegal transition DONE -> RELAYING");
        proxy.client.pipeline().fireExceptionCaught(bug);

        assertThat(proxy.client.isActive()).isFalse();
        assertThat(proxy.backend(0).channel().isActive()).isFalse();
        assertThat(proxy.onlyEntry().cause()).isEqualTo("client closed the connection");
        assertThatThrownBy(proxy.client::checkException).isSameAs(bug);
    }
}
