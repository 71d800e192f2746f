package dev.horizon.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.horizon.gateway.CertificateStatus;
import dev.horizon.gateway.ServicesView;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The admin API's one JSON codec: exact documents out, strict one-field bodies in. */
class AdminJsonTest {

    @Test
    void writesTrafficFiguresWithThreeDecimalsAndEscapesStrings() {
        ServicesView.Traffic traffic = new ServicesView.Traffic(12.5, 1.0 / 3, 0, 1234.5678);
        ServicesView.EndpointStatus endpoint = new ServicesView.EndpointStatus("10.0.0.1:80", "draining", 5, 2,
            0.25, traffic);
        String json = AdminJson.services(List.of(new ServicesView.ServiceStatus("sh\"op\n", "maglev", true,
            traffic, List.of(endpoint))), List.of());

        assertThat(json).isEqualTo("{\"services\":[{\"name\":\"sh\\\"op\\n\",\"balance\":\"maglev\",\"panic\":true,"
            + "\"rps\":12.500,\"p50_ms\":0.333,\"p95_ms\":0.000,\"p99_ms\":1234.568,\"endpoints\":[{\"id\":"
            + "\"10.0.0.1:80\",\"health\":\"draining\",\"weight\":5,\"in_flight\":2,\"latency_ewma_ms\":0.250,"
            + "\"rps\":12.500,\"p50_ms\":0.333,\"p95_ms\":0.000,\"p99_ms\":1234.568}]}],\"tcp\":[]}");
    }

    @Test
    void writesTheTlsCertificatesAfterTheServicesOnlyWhenThereAreSome() {
        CertificateStatus c = new CertificateStatus("/etc/horizon/shop.pem", List.of("shop.test", "*.shop.test"),
            "1001", Instant.parse("2027-01-02T08:41:39Z"));

        assertThat(AdminJson.services(List.of(), List.of(), List.of(c))).isEqualTo("{\"services\":[],\"tcp\":[],"
            + "\"certificates\":[{\"file\":"
            + "\"/etc/horizon/shop.pem\",\"names\":[\"shop.test\",\"*.shop.test\"],\"serial\":\"1001\","
            + "\"not_after\":\"2027-01-02T08:41:39Z\"}]}");
        assertThat(AdminJson.services(List.of(), List.of(), List.of())).isEqualTo("{\"services\":[],\"tcp\":[]}");
        assertThat(AdminResources.certificateTable(List.of(c))).isEqualTo("TLS certificates\n"
            + "  SERIAL               NOT-AFTER                NAMES\n"
            + "  1001                 2027-01-02T08:41:39Z     shop.test,*.shop.test\n");
    }

    @Test
    void writesAnErrorAsItsOneField() {
        assertThat(AdminJson.error("body: expected {\"weight\": 1..1000}"))
            .isEqualTo("{\"error\":\"body: expected {\\\"weight\\\": 1..1000}\"}");
    }

    @Test
    void readsABodyOfExactlyTheOneExpectedField() {
        JsonNode weight = AdminJson.onlyField("{\"weight\": 7}", "weight");
        assertThat(weight).isNotNull();
        assertThat(weight.intValue()).isEqualTo(7);
        JsonNode drain = AdminJson.onlyField(" {\"drain\":false} ", "drain");
        assertThat(drain).isNotNull();
        assertThat(drain.isBoolean()).isTrue();
        assertThat(drain.booleanValue()).isFalse();
    }

    @Test
    void refusesBodiesOfAnyOtherShape() {
        for (String body : new String[] {"", "7", "[7]", "{}", "{\"weight\": 7, \"x\": 1}", "{\"Weight\": 7}",
            "{\"weight\": 7} {\"weight\": 8}", "{\"weight\": 7, \"weight\": 8}", "{\"weight\": 7", "weight=7"}) {
            assertThat(AdminJson.onlyField(body, "weight")).as(body).isNull();
        }
    }

    @Test
    void writesRequestBodies() {
        assertThat(AdminJson.body("instances", 4)).isEqualTo("{\"instances\":4}");
        assertThat(AdminJson.body("drain", true)).isEqualTo("{\"drain\":true}");
    }
}
