package dev.horizon.gateway;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * What the end-to-end gateway tests share: real backends and gateways that are closed after the test (in reverse
 * order), an HTTP/1.1 client, and raw-socket helpers for bytes a client library would not send.
 */
final class GatewayTestKit implements AutoCloseable {

    private final List<AutoCloseable> open = new ArrayList<>();
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(2)).build();

    /** Closes {@code resource} when the test ends. */
    <T extends AutoCloseable> T closeLater(T resource) {
        open.add(resource);
        return resource;
    }

    /** A backend answering every request with its name. */
    TestBackend backend(String name) {
        return closeLater(new TestBackend(name));
    }

    /** A gateway, shut down (1 s drain) when the test ends. */
    Gateway gateway(GatewayConfig config) {
        Gateway g = Gateway.start(config);
        open.add(() -> g.shutdown(Duration.ofSeconds(1)));
        return g;
    }

    HttpClient client() {
        return client;
    }

    /** GET {@code path} through the gateway with header name/value pairs. */
    HttpResponse<String> get(Gateway g, String path, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + g.address().getPort() + path))
            .timeout(Duration.ofSeconds(5));
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Sends raw bytes and reads until the gateway closes the connection. */
    static String raw(Gateway g, String request) throws IOException {
        try (Socket s = new Socket("127.0.0.1", g.address().getPort())) {
            s.setSoTimeout(5_000);
            OutputStream out = s.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            return readAll(s.getInputStream());
        }
    }

    /** Everything until end of stream, as ISO-8859-1 text. */
    static String readAll(InputStream in) throws IOException {
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        byte[] buf = new byte[8192];
        for (int n; (n = in.read(buf)) > 0;) {
            received.write(buf, 0, n);
        }
        return received.toString(StandardCharsets.ISO_8859_1);
    }

    @Override
    public void close() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
        client.close();
    }
}
