package dev.horizon.cli;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/** One shopper of the demo shop, through the gateway, holding its own session cookie. */
final class ShopClient {

    /** One answer: status, body and the instance that served it. */
    record Answer(int status, String body, String instance) {

        /** The integer field {@code name} of the JSON body, or -1. */
        int number(String name) {
            Matcher m = Pattern.compile("\"" + name + "\":(\\d+)").matcher(body);
            return m.find() ? Integer.parseInt(m.group(1)) : -1;
        }

        /** The string field {@code name} of the JSON body, or null. */
        @Nullable String text(String name) {
            Matcher m = Pattern.compile("\"" + name + "\":\"([^\"]*)\"").matcher(body);
            return m.find() ? m.group(1) : null;
        }
    }

    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(5)).build();

    private final URI base;
    private @Nullable String cookie;

    ShopClient(int gatewayPort) {
        this.base = URI.create("http://127.0.0.1:" + gatewayPort);
    }

    @Nullable String cookie() {
        return cookie;
    }

    /** Uses another session cookie from now on (null for none). */
    void cookie(@Nullable String value) {
        cookie = value;
    }

    Answer login(String user) throws IOException, InterruptedException {
        return send("POST", "/login", "{\"user\":\"" + user + "\",\"password\":\"horizon\"}");
    }

    Answer get(String path) throws IOException, InterruptedException {
        return send("GET", path, null);
    }

    Answer add(String sku, int qty) throws IOException, InterruptedException {
        return send("POST", "/cart/items", "{\"sku\":\"" + sku + "\",\"qty\":" + qty + "}");
    }

    Answer post(String path) throws IOException, InterruptedException {
        return send("POST", path, null);
    }

    private Answer send(String method, String path, @Nullable String json) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(15))
            .method(method, json == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(json));
        if (cookie != null) {
            b.header("Cookie", "SHOP_SESSION=" + cookie);
        }
        HttpResponse<String> r = CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString());
        for (String set : r.headers().allValues("set-cookie")) {
            if (set.startsWith("SHOP_SESSION=")) {
                String value = set.substring("SHOP_SESSION=".length(), set.indexOf(';'));
                cookie = value.isEmpty() ? null : value;
            }
        }
        return new Answer(r.statusCode(), r.body(), r.headers().firstValue("X-Instance").orElse("?"));
    }
}
