package dev.horizon.admin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.horizon.control.DataTier;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The data tier's documented JSON fields and text lines, nulls included. */
class DataTierJsonTest {

    private static final DataTier TIER = new DataTier(1_700_000_000_000L, 2,
        List.of(new DataTier.Replica("replica-1", "up", 2, 2, 0.0125, 0, ""),
            new DataTier.Replica("replica-2", "down", 0, 2, null, -1, "connection refused")),
        List.of(new DataTier.Cache("shop-products", null, 0.97, 0, 0)),
        new LinkedHashMap<>(Map.of("primary", 1.5)));

    @Test
    void theDocumentAsGatewayMdDescribesIt() {
        assertThat(DataTierJson.document("shop", TIER)).isEqualTo("{\"service\":\"shop\",\"at\":1700000000000,"
            + "\"instances\":2,\"replicas\":[{\"name\":\"replica-1\",\"state\":\"up\",\"up\":2,\"reporting\":2,"
            + "\"lag_seconds\":0.0125,\"lag_bytes\":0,\"problem\":\"\"},{\"name\":\"replica-2\",\"state\":\"down\","
            + "\"up\":0,\"reporting\":2,\"lag_seconds\":null,\"lag_bytes\":-1,\"problem\":\"connection refused\"}],"
            + "\"caches\":[{\"name\":\"shop-products\",\"hit_ratio\":null,\"total_hit_ratio\":0.97,"
            + "\"reads_per_second\":0.0,\"redis_errors\":0}],\"connections_per_second\":{\"primary\":1.5}}");
        assertThat(DataTierJson.document("shop", DataTier.NONE)).isEqualTo("{\"service\":\"shop\",\"at\":0,"
            + "\"instances\":0,\"replicas\":[],\"caches\":[],\"connections_per_second\":{}}");
    }

    @Test
    void theLinesHorizonStatusPrints() {
        assertThat(DataTierJson.text("shop", TIER)).isEqualTo("""
            shop: replica replica-1 up (up on 2 of 2 instances), lag 0.013s
            shop: replica replica-2 down (up on 0 of 2 instances), lag unknown: connection refused
            shop: cache shop-products hit ratio - now, 97.0% since start, 0.0 reads/s
            """);
        assertThat(DataTierJson.text("shop", DataTier.NONE)).isEmpty();
    }
}
