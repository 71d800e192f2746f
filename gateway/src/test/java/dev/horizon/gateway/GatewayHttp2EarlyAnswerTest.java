package dev.horizon.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.codec.http2.Http2Headers;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An answer given over HTTP/2 while the request's body is still arriving — the gateway's own (a rate limit's 429, an
 * https redirect's 308) or an endpoint's that answered early — reaches the client whole, and the stream then ends
 * with {@code RST_STREAM(NO_ERROR)} (RFC 9113 §8.1) once the client has been silent for the lingering close's
 * bounds, never {@code CANCEL}, which would throw the queued answer away. Raw frames (the client never sends
 * END_STREAM) and the real {@code curl}.
 */
class GatewayHttp2EarlyAnswerTest {

    private static final int NO_ERROR = 0x0;
    private static final Http2Config H2C = new Http2Config(true, true, 100, 16_384, 65_535, 200,
        Duration.ofSeconds(30), 10_000);

    @TempDir
    Path dir;

    private final GatewayTestKit kit = new GatewayTestKit();

    @AfterEach
    void stop() throws Exception {
        kit.close();
    }

    /** What the gateway sent on one stream until it reset it. */
    private record StreamEnd(Http2Headers headers, String body, boolean endStream, int reset) {
    }

    /** Reads the frames of {@code stream} until its RST_STREAM; fails if the connection ends first. */
    private static StreamEnd readUntilReset(H2RawClient c, int stream) throws Exception {
        Http2Headers headers = null;
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        boolean end = false;
        for (H2RawClient.Frame f; (f = c.read()) != null;) {
            if (f.stream() != stream) {
                continue;
            }
            if (f.type() == H2RawClient.HEADERS) {
                headers = c.headers(f);
            } else if (f.type() == H2RawClient.DATA) {
                body.writeBytes(f.payload());
            } else if (f.type() == H2RawClient.RST_STREAM) {
                return new StreamEnd(Objects.requireNonNull(headers, "no HEADERS before the reset"),
                    body.toString(StandardCharsets.UTF_8), end, f.errorCode());
            }
            end |= (f.flags() & H2RawClient.END_STREAM) != 0;
        }
        throw new AssertionError("the connection ended before stream " + stream + " was reset");
    }

    private Gateway gateway(Route route, String endpoint, @Nullable TlsConfig tls) {
        GatewayConfig config = GatewayConfig.of(new InetSocketAddress("127.0.0.1", 0), List.of(route),
            List.of(ServiceConfig.of("shop", List.of(new EndpointConfig(endpoint, 1, ""))))).withHttp2(H2C);
        return kit.gateway(tls == null ? config : config.withTls(tls));
    }

    private static Route limited() {
        return new Route("limited", RouteMatch.ANY, "shop", RateLimit.local(1, Duration.ofHours(1)));
    }

    @Test
    void aRateLimitAnswerToAnUnfinishedUploadArrivesWholeThenResetNoError() throws Exception {
        TestBackend backend = kit.backend("shop-1");
        Gateway g = gateway(limited(), backend.address(), null);
        H2RawClient c = kit.closeLater(new H2RawClient(g.address().getPort(), 0));
        c.get(1, "/lim", true);
        c.flush();
        assertThat(c.status(1)).isEqualTo("200");

        c.post(3, "/lim", 100_000);
        c.frame(H2RawClient.DATA, 0, 3, new byte[1_000]); // the rest, and END_STREAM, never come
        c.flush();
        StreamEnd s = readUntilReset(c, 3);

        assertThat(s.headers().status().toString()).isEqualTo("429");
        assertThat(s.headers().get("retry-after")).isNotNull();
        assertThat(s.body()).contains("\"error\":\"rate limited\"")
            .hasSize(Integer.parseInt(Objects.requireNonNull(s.headers().get("content-length")).toString()));
        assertThat(s.endStream()).isTrue();
        assertThat(s.reset()).isEqualTo(NO_ERROR);
        assertThat(c.answersPing()).isTrue(); // the connection goes on
    }

    @Test
    void anEndpointAnsweringBeforeTheUploadEndsGivesTheWholeAnswerThenResetNoError() throws Exception {
        RawBackend early = kit.closeLater(RawBackend.answering("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nearly",
            false));
        Gateway g = gateway(new Route("all", RouteMatch.ANY, "shop"), early.address(), null);
        H2RawClient c = kit.closeLater(new H2RawClient(g.address().getPort(), 0));

        c.post(1, "/up", 100_000);
        c.frame(H2RawClient.DATA, 0, 1, new byte[1_000]);
        c.flush();
        StreamEnd s = readUntilReset(c, 1);

        assertThat(s.headers().status().toString()).isEqualTo("200");
        assertThat(s.body()).isEqualTo("early");
        assertThat(s.endStream()).isTrue();
        assertThat(s.reset()).isEqualTo(NO_ERROR);
    }

    /** A TLS listener on {@code port} (0: any) serving a certificate for {@code a.test} signed by {@code certs}. */
    private static TlsConfig tls(TestCertificates certs, int port) throws IOException {
        TlsConfig.Certificate cert = certs.leaf("a", TestCertificates.Key.EC_P256, 0x1001, false, "a.test");
        return TlsConfig.of(new InetSocketAddress("127.0.0.1", port), List.of(cert));
    }

    /** A 4 MiB body, far more than the client's initial window: it is still arriving when the answer is sent. */
    private Path upload() throws IOException {
        return Files.write(dir.resolve("upload"), new byte[4 << 20]);
    }

    @Test
    void curlGetsTheWhole429ToALargeUploadOverTls() throws Exception {
        TestCertificates.assumeOpenssl();
        TestCertificates certs = new TestCertificates(dir);
        Gateway g = gateway(limited(), kit.backend("shop-1").address(), tls(certs, 0));
        int port = Objects.requireNonNull(g.tlsAddress(), "tls listener").getPort();
        Path upload = upload();
        String url = "https://a.test:" + port + "/lim";
        String resolve = "a.test:" + port + ":127.0.0.1";
        TestCertificates.run("curl", "-sS", "--http2", "--cacert", certs.ca().toString(), "--resolve", resolve, url);

        // curl exits 92 ("stream was not closed cleanly") had the stream been cancelled
        String out = TestCertificates.run("curl", "-sS", "--http2", "--cacert", certs.ca().toString(), "--resolve",
            resolve, "--data-binary", "@" + upload, "-w", "\n%{http_code} %{http_version}", url);

        assertThat(out).contains("\"error\":\"rate limited\"").endsWith("\n429 2");
    }

    @Test
    void theRedirectOfALargePostOverH2cArrivesWhole() throws Exception {
        TestCertificates.assumeOpenssl();
        TestBackend backend = kit.backend("shop-1");
        int tlsPort;
        try (ServerSocket s = new ServerSocket(0)) {
            tlsPort = s.getLocalPort();
        }
        Gateway g = gateway(new Route("all", RouteMatch.ANY, "shop", null, Priority.NORMAL, true), backend.address(),
            tls(new TestCertificates(dir), tlsPort));
        Path upload = upload();

        // curl (7.88) fails the transfer (exit 92) if the stream is reset before it stopped its upload
        String out = TestCertificates.run("curl", "-sS", "-i", "--http2-prior-knowledge", "--data-binary",
            "@" + upload, "http://a.test:" + g.address().getPort() + "/form", "--resolve",
            "a.test:" + g.address().getPort() + ":127.0.0.1").replace("\r\n", "\n");

        assertThat(out).startsWith("HTTP/2 308").contains("\nlocation: https://a.test:" + tlsPort + "/form\n");
        assertThat(backend.seen()).isEmpty();
    }
}
