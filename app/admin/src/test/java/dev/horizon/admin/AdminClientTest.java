package dev.horizon.admin;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** What the client makes of the admin API's answers. */
class AdminClientTest {

    @Test
    void readsTheErrorFieldOfAJsonAnswer() {
        assertThat(AdminClient.errorMessage("{\"error\":\"weight: 0 (expected: 1..1000)\"}\n", 400))
            .isEqualTo("weight: 0 (expected: 1..1000)");
        assertThat(AdminClient.errorMessage("{\"error\":\"body: expected {\\\"weight\\\": 1..1000} \\u0007\"}", 400))
            .isEqualTo("body: expected {\"weight\": 1..1000} \u0007");
        assertThat(AdminClient.errorMessage("<html>Bad Gateway</html>\n", 502)).isEqualTo("HTTP 502: <html>Bad "
            + "Gateway</html>");
        assertThat(AdminClient.errorMessage("", 503)).isEqualTo("HTTP 503");
        assertThat(AdminClient.errorMessage("{\"ok\":false}", 400)).isEqualTo("HTTP 400: {\"ok\":false}");
    }

    @Test
    void encodesEachPathSegmentOfAServicePath() {
        assertThat(AdminClient.servicePath("shop", "endpoints", "10.0.0.1:80", "drain"))
            .isEqualTo("/admin/services/shop/endpoints/10.0.0.1%3A80/drain");
        assertThat(AdminClient.servicePath("a b/c", "decisions", "?format=text"))
            .isEqualTo("/admin/services/a+b%2Fc/decisions?format=text");
        assertThat(AdminClient.servicePath("shop", "decisions", "")).isEqualTo("/admin/services/shop/decisions");
    }
}
