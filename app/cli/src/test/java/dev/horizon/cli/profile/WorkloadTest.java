package dev.horizon.cli.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The profile's mix: parsed from {@code --mix} and {@code --body}, one cycle spread out by smooth round-robin. */
class WorkloadTest {

    private static final URI GATEWAY = URI.create("http://127.0.0.1:8080/");

    private static List<String> labels(List<Workload.Entry> cycle) {
        return cycle.stream().map(Workload.Entry::label).toList();
    }

    @Test
    void aCycleHoldsEachEntryItsWeightsTimesSpreadOutAndStartsWithTheFirst() {
        Workload w = Workload.mix(GATEWAY, List.of("POST /login:1", "/products:4", "GET /cart:2"), List.of());
        // nginx's smooth weighted round-robin over 4, 2, 1 picks /products, /cart, /products, /login, /products,
        // /cart, /products; turned to start at the first entry, POST /login
        assertThat(labels(w.cycle())).containsExactly("POST /login", "GET /products", "GET /cart", "GET /products",
            "GET /products", "GET /cart", "GET /products");
        assertThat(labels(Workload.path(GATEWAY, "/x").cycle())).containsExactly("GET /x");
    }

    @Test
    void aUserFollowsTheCycleWithItsNumberInTheBody() {
        Workload w = Workload.mix(GATEWAY, List.of("POST /login", "/products:2"),
            List.of("POST /login={\"user\":\"u{user}\",\"password\":\"p\"}"));
        var script = w.scripts().apply(7);
        List<String> sent = new ArrayList<>();
        for (int k = 0; k < 6; k++) {
            HttpRequest r = script.next();
            sent.add(r.method() + " " + r.uri() + " " + r.bodyPublisher().orElseThrow().contentLength()
                + r.headers().firstValue("Content-Type").map(t -> " " + t).orElse(""));
        }
        String login = "POST http://127.0.0.1:8080/login 28 application/json";
        String products = "GET http://127.0.0.1:8080/products 0";
        assertThat(sent).containsExactly(login, products, products, login, products, products);
        assertThat(w.entries().getFirst().body()).isEqualTo("{\"user\":\"u{user}\",\"password\":\"p\"}");
        assertThat(w.describe()).isEqualTo("http://127.0.0.1:8080/ (mix POST /login:1, GET /products:2)");
    }

    @Test
    void refusesWhatItCannotRead() {
        assertThatThrownBy(() -> Workload.mix(GATEWAY, List.of("products:2"), List.of()))
            .hasMessage("--mix: products:2 (expected: [METHOD ]PATH[:WEIGHT], e.g. 'POST /login:1' or '/products:8')");
        assertThatThrownBy(() -> Workload.mix(GATEWAY, List.of("/a:0"), List.of()))
            .hasMessage("--mix: /a:0: weight 0 (expected: 1..1000)");
        assertThatThrownBy(() -> Workload.mix(GATEWAY, List.of("/a:1", "GET /a:2"), List.of()))
            .hasMessage("--mix: GET /a twice (expected: each request once, with its weight)");
        assertThatThrownBy(() -> Workload.mix(GATEWAY, List.of("POST /login"), List.of("/login={}")))
            .hasMessage("--body: no --mix entry GET /login (entries: POST /login)");
        assertThatThrownBy(() -> Workload.mix(GATEWAY, List.of("POST /login"), List.of("{}")))
            .hasMessage("--body: {} (expected: [METHOD ]PATH=BODY, e.g. 'POST /login={\"user\":\"u{user}\"}')");
        assertThatThrownBy(() -> Workload.mix(GATEWAY, List.of(), List.of()))
            .hasMessage("--mix: no request (expected: at least one)");
    }
}
