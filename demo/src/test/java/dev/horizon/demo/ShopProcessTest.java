package dev.horizon.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ConnectException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.h2.tools.Server;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shop as a real process: SIGTERM lets the request in flight finish, then the process exits 0. */
final class ShopProcessTest {

    @TempDir
    Path dir;

    @Test
    void sigtermFinishesTheRequestInFlightAndExitsZero() throws Exception {
        Server db = Server.createTcpServer("-tcpPort", "0", "-baseDir", dir.toString(), "-ifNotExists").start();
        try {
            String url = "jdbc:h2:tcp://127.0.0.1:" + db.getPort() + "/shop";
            int port;
            try (ServerSocket s = new ServerSocket(0)) {
                port = s.getLocalPort();
            }
            String java = ProcessHandle.current().info().command().orElse("java");
            String classpath = System.getProperty("java.class.path");
            Process seed = new ProcessBuilder(java, "-cp", classpath, DemoMain.class.getName(), "seed", "--db", url)
                .redirectErrorStream(true).redirectOutput(dir.resolve("seed.log").toFile()).start();
            assertThat(seed.waitFor(60, TimeUnit.SECONDS)).isTrue();
            Process shop = new ProcessBuilder(java, "-cp", classpath, DemoMain.class.getName(), "--db", url,
                "--port", Integer.toString(port), "--instance", "shop-9", "--sessions", "memory", "--work", "1500")
                .redirectErrorStream(true).redirectOutput(dir.resolve("shop.log").toFile()).start();
            HttpClient client = HttpClient.newHttpClient();
            URI products = URI.create("http://127.0.0.1:" + port + "/products");
            awaitListening(port);

            CompletableFuture<HttpResponse<String>> inFlight = client.sendAsync(HttpRequest.newBuilder(products)
                .build(), HttpResponse.BodyHandlers.ofString());
            Thread.sleep(500);
            new ProcessBuilder("kill", "-TERM", Long.toString(shop.pid())).start().waitFor();

            HttpResponse<String> answer = inFlight.get(10, TimeUnit.SECONDS);
            assertThat(answer.statusCode()).isEqualTo(200);
            assertThat(answer.body()).startsWith("[{\"sku\":\"SKU-001\"").endsWith("}]");
            assertThat(shop.waitFor(10, TimeUnit.SECONDS)).isTrue();
            assertThat(shop.exitValue()).isZero();
            assertThatThrownBy(() -> HttpClient.newHttpClient().send(HttpRequest.newBuilder(products).build(),
                HttpResponse.BodyHandlers.ofString())).isInstanceOf(ConnectException.class);
            assertThat(Files.readString(dir.resolve("shop.log")))
                .contains("\"msg\":\"stopping: finishing requests in flight\"", "\"msg\":\"stopped\"");
        } finally {
            db.stop();
        }
    }

    private static void awaitListening(int port) throws InterruptedException, IOException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            try (java.net.Socket s = new java.net.Socket("127.0.0.1", port)) {
                return;
            } catch (IOException notYet) {
                Thread.sleep(50);
            }
        }
        throw new IOException("the shop did not listen on port " + port);
    }
}
