package dev.horizon.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code horizon plan -c … --trace …}: every strategy simulated, the table, the JSON, the files, the refusals. */
class PlanCommandTest {

    private static final String YAML = """
        gateway:
          listen: 127.0.0.1:8080
        routes:
          - service: shop
        services:
          shop:
            instances:
              command: [java, -jar, shop.jar]
              resources: { cpu: 500m }
              min: 1
              max: 12
            autoscale:
              metrics:
                - { type: cpu, target-utilization: 60 }
        sizes:
          - { name: small, cpu: 500m, memory: 1Gi, price-per-hour: 0.02 }
          - { name: large, cpu: 2, memory: 4Gi, price-per-hour: 0.09 }
        """;

    private static String[] horizon(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Horizon.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new String[] {String.valueOf(code), out.toString(), err.toString()};
    }

    @Test
    void simulatesEveryStrategyAndRecommendsOne(@TempDir Path dir) throws IOException {
        Path config = Files.writeString(dir.resolve("horizon.yaml"), YAML);
        Path out = dir.resolve("plan");
        Path chart = dir.resolve("plan.png");
        String[] r = horizon("plan", "-c", config.toString(), "--trace", "spike:base=20,height=100,duration=20m",
            "--out", out.toString(), "--chart", chart.toString());
        assertThat(r[2]).isEmpty();
        assertThat(r[0]).isEqualTo("0");
        List<String> lines = r[1].lines().toList();
        assertThat(lines.getFirst()).startsWith("horizon plan: shop, trace spike:base=20,height=100,duration=20m "
            + "(20m, ").endsWith(", 8 strategies");
        List<String> table = new ArrayList<>(lines.subList(lines.indexOf(lines.stream()
            .filter(l -> l.startsWith("strategy ")).findFirst().orElseThrow()), lines.size()));
        assertThat(table.getFirst()).isEqualTo("strategy                  cost/month  minutes over    failed  peak  "
            + "largest");
        assertThat(table.subList(1, 11)).extracting(l -> l.substring(0, 24).strip()).containsExactly(
            "as configured", "horizontal small", "horizontal large", "vertical", "vertical-first", "cheapest",
            "scheduled", "predictive", "clairvoyant bound", "minutes over: minutes wi");
        assertThat(table.getLast()).matches("(Recommendation|No recommendation): .+\\.");
        assertThat(Files.list(out).map(p -> p.getFileName().toString()).sorted().toList()).containsExactly(
            "as-configured.csv", "cheapest.csv", "horizontal-large.csv", "horizontal-small.csv", "plan.json",
            "predictive.csv", "scheduled.csv", "vertical-first.csv", "vertical.csv");
        assertThat(ImageIO.read(chart.toFile()).getWidth()).isEqualTo(1200);
        // the same plan as JSON: progress goes to stderr, the document alone to stdout
        String[] json = horizon("plan", "-c", config.toString(), "--trace", "spike:base=20,height=100,duration=20m",
            "--format", "json");
        assertThat(json[0]).isEqualTo("0");
        assertThat(json[2]).startsWith("horizon plan: shop");
        JsonNode plan = new ObjectMapper().readTree(json[1]);
        assertThat(plan.path("strategies")).hasSize(8);
        assertThat(plan.path("strategies").get(0).path("strategy").asText()).isEqualTo("as configured");
        assertThat(plan.path("clairvoyant").path("cost-per-month").asDouble()).isPositive();
        assertThat(plan.path("recommendation").path("reason").asText())
            .isEqualTo(table.getLast().replaceFirst("^(Recommendation|No recommendation): ", ""));
        assertThat(Files.readString(out.resolve("plan.json"))).isEqualTo(json[1]);
    }

    @Test
    void withoutATraceItPrintsItsUsageAndRefusesBadOptionsInOneLine(@TempDir Path dir) throws IOException {
        String config = Files.writeString(dir.resolve("horizon.yaml"), YAML).toString();
        String[] usage = horizon("plan");
        assertThat(usage[0]).isEqualTo("0");
        assertThat(usage[1]).contains("plan -c horizon.yaml --trace TRACE", "plan usl", "plan capacity");
        assertThat(horizon("plan", "-c", config)).containsExactly("2", "", "horizon plan: --trace: missing "
            + "(expected: a trace CSV or a shape spec such as daily:base=30,peak=300; or plan usl, plan capacity)\n");
        assertThat(horizon("plan", "-c", config, "--trace", "spike", "--budget", "150%")).containsExactly("2", "",
            "horizon plan: --budget: '150%' (expected: a share such as 1% or 0.01, at least 0 and below 100%)\n");
        assertThat(horizon("plan", "-c", config, "--trace", "spike", "--format", "yaml")).containsExactly("2", "",
            "horizon plan: --format: 'yaml' (expected: text or json)\n");
        assertThat(horizon("plan", "-c", config, "--trace", "spike", "--service", "shpo")[2]).isEqualTo(
            "horizon plan: --service: 'shpo' has no instances block (expected: one of shop) (did you mean 'shop'?)\n");
    }
}
