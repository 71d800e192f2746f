package dev.horizon.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.horizon.gateway.EndpointConfig;
import dev.horizon.sizing.Size;
import dev.horizon.sizing.SizeCatalog;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Keeps {@code docs/configuration.md} in step with the loader. */
class ConfigurationDocTest {

    private static final Path DOC = Path.of("..", "..", "docs", "configuration.md");

    @Test
    void completeExampleLoads() throws IOException {
        String doc = Files.readString(DOC);
        int start = doc.indexOf("```yaml\n", doc.indexOf("## A complete example")) + "```yaml\n".length();
        String example = doc.substring(start, doc.indexOf("```", start));

        LoadedConfig loaded = ConfigLoader.parse(example, "configuration.md", Map.of("EXTRA_BACKEND", "10.0.0.9:9001"));

        assertThat(loaded.gateway().routes()).hasSize(2);
        assertThat(loaded.gateway().services()).containsOnlyKeys("shop", "shop-canary");
        assertThat(loaded.gateway().services().get("shop")).extracting(s -> s.endpoints().size()).isEqualTo(3);
        assertThat(loaded.gateway().services().get("shop")).extracting(s -> s.endpoints().get(2))
            .isEqualTo(new EndpointConfig("10.0.0.9:9001", 1, ""));
    }

    @Test
    void everyKeyHasARow() throws IOException {
        String doc = Files.readString(DOC);
        List<String> keys = Stream.of(ConfigLoader.TOP_KEYS, ConfigLoader.GATEWAY_KEYS, ConfigLoader.TIMEOUT_KEYS,
                ConfigLoader.WEBSOCKET_KEYS,
                RouteSection.ROUTE_KEYS, RouteSection.MATCH_KEYS, RouteSection.RATE_LIMIT_KEYS,
                ServiceSection.KEYS, ServiceSection.STICKY_KEYS,
                ServiceSection.HEALTH_KEYS, ServiceSection.OUTLIER_KEYS, ServiceSection.RETRY_KEYS,
                ServiceSection.SLOW_START_KEYS, ServiceSection.ENDPOINT_KEYS, ConcurrencyLimitSection.KEYS,
                ConcurrencyLimitSection.QUEUE_KEYS, InstancesSection.KEYS,
                InstancesSection.RESOURCES_KEYS, SizesSection.KEYS, PredictiveSection.KEYS, DeploySection.KEYS,
                DeploySection.STEP_KEYS, DeploySection.ANALYSIS_KEYS, DeploySection.PREVIEW_KEYS,
                TcpSection.TCP_KEYS, TcpSection.MATCH_KEYS, TlsSection.TLS_KEYS, TlsSection.CERTIFICATE_KEYS,
                TlsSection.HSTS_KEYS, TlsSection.ENDPOINT_KEYS, Http2Section.KEYS)
            .flatMap(List::stream)
            .toList();

        for (String key : keys) {
            assertThat(doc).as(key).contains("\n| `" + key + "` |");
        }
    }

    @Test
    void defaultCatalogueTableIsTheShippedOne() throws IOException {
        String doc = Files.readString(DOC);
        String table = doc.substring(doc.indexOf("| name | CPU | memory | $ per hour | ≈ $ per month |"));

        for (Size s : SizeCatalog.defaults().sizes()) {
            String cores = s.cpu().millicores() % 1000 == 0 ? String.valueOf(s.cpu().millicores() / 1000)
                : s.cpu().toString();
            String month = String.format(Locale.ROOT, "%,d", Math.round(s.pricePerMonth()));
            assertThat(table).as(s.name()).contains("\n| " + s.name() + " | " + cores + " | " + s.memory() + " | "
                + BigDecimal.valueOf(s.pricePerHour()).toPlainString() + " | " + month + " |\n");
        }
    }
}
