package dev.horizon.cli;

import static dev.horizon.cli.HorizonProcesses.freePort;
import static dev.horizon.cli.HorizonProcesses.horizonCommand;
import static dev.horizon.cli.HorizonProcesses.java;
import static dev.horizon.cli.HorizonProcesses.yamlCommand;
import static org.assertj.core.api.Assertions.assertThat;

import dev.horizon.showcase.LoadGenerator;
import dev.horizon.testing.Eventually;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * The dashboard in a real browser (Debian's headless chromium through its chromedriver) against a real
 * {@code horizon up} with managed instances: the page loads without a console error and lists the configured services
 * and routes; a button refuses without the admin token, visibly; with it, scaling a service to 3 shows 3 instances in
 * service; under traffic the charts have points; a route's rate-limited 429s are charted under its service; and the
 * drain, promote, abort and resize buttons each refuse without the token and work with it. One browser and one
 * horizon serve every case, in order; the traffic case saves a screenshot to {@code target/dashboard.png}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DashboardBrowserTest extends DashboardCase {

    private static final String TOKEN = "dashboard-test-token-0123456789abcdef";
    /** How long instances may take to start: a JVM each, on a machine that may be busy. */
    private static final Duration STARTS = Duration.ofSeconds(90);
    private static final String REFUSED = "refused (401): missing or wrong bearer token (HORIZON_ADMIN_TOKEN)";

    private Path dir;
    private int listen;
    private int admin;

    @BeforeAll
    void start() throws Exception {
        DashboardBrowser.assumeInstalled();
        dir = Files.createTempDirectory("horizon-dashboard-test");
        listen = freePort();
        admin = freePort();
        up = DashboardUp.start(dir, config(), env(), listen, admin);
    }

    private Map<String, String> env() {
        return Map.of("HORIZON_ADMIN_TOKEN", TOKEN, "XDG_STATE_HOME", dir.toString());
    }

    private String config() {
        String command = yamlCommand("backend", "--cost=30ms", "--concurrency=4");
        return "gateway:\n  listen: 127.0.0.1:" + listen + "\n  admin: 127.0.0.1:" + admin + "\n"
            + "routes:\n  - match: { path-prefix: /api/ }\n    service: api\n"
            + "  - match: { path: /limited }\n    service: work\n    rate-limit: { requests: 1, per: 1h }\n"
            + "  - service: work\n"
            + "services:\n"
            + "  work:\n"
            + "    health: { path: /health, interval: 200ms, timeout: 1s, rise: 1, fall: 3 }\n"
            + "    instances:\n"
            + "      command: " + command + "\n"
            + "      min: 1\n      max: 4\n      warmup: 1s\n      drain-timeout: 2s\n"
            + "      state-dir: " + dir.resolve("state") + "\n"
            + "    deploy:\n      strategy: canary\n      steps: [ { weight: 50, pause: 10m } ]\n"
            + "  api:\n"
            + "    health: { path: /health, interval: 200ms, timeout: 1s, rise: 1, fall: 3 }\n"
            + "    instances:\n"
            + "      command: " + command + "\n"
            + "      min: 1\n      max: 3\n      warmup: 1s\n      drain-timeout: 2s\n"
            + "      state-dir: " + dir.resolve("state") + "\n"
            + "    autoscale:\n"
            + "      period: 1s\n"
            + "      metrics:\n"
            + "        - { type: inflight, target: 2 }\n";
    }

    private String text(String css) {
        return page().text(css);
    }

    private void click(String css) {
        page().click(css);
    }

    private int number(String css) {
        return page().number(css);
    }

    /** The console's errors, but the browser's own lines about the refusals the cases ask for. */
    private List<String> severeConsoleEntries() {
        return page().consoleErrors(m -> m.endsWith(" - Failed to load resource: the server responded with a status "
            + "of 401 (Unauthorized)"));
    }

    /** Runs {@code horizon ARGS} against the admin API with the token, as a user does; returns what it said. */
    private String horizon(String... args) throws Exception {
        BlockingQueue<String> out = new LinkedBlockingQueue<>();
        List<String> command = new ArrayList<>(List.of(args[0], "--admin", "127.0.0.1:" + admin));
        command.addAll(List.of(args).subList(1, args.length));
        Process p = java(env(), out, command.toArray(String[]::new));
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("horizon " + args[0] + " ended").isTrue();
        assertThat(p.exitValue()).as("horizon " + args[0] + "'s exit status; it said " + out).isZero();
        return String.join("\n", out);
    }

    /**
     * Clicks {@code button} without the token (the page shows the refusal, in red), then with it; returns the page's
     * message then.
     */
    private String refusedThenDone(String button) {
        click("#token-forget");
        Eventually.await("the token forgotten", () -> text("#message").equals("token forgotten"));
        click(button);
        try {
            Eventually.await("the refusal shown", () -> text("#message").startsWith("refused (401)"));
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "; the page says '" + text("#message") + "'", e);
        }
        assertThat(text("#message")).startsWith(REFUSED);
        assertThat(page().attribute("#message", "class")).contains("refused");
        keepToken();
        click(button);
        Eventually.await("an answer to " + button, () -> !text("#message").startsWith("token kept"));
        assertThat(page().attribute("#message", "class")).as(text("#message")).doesNotContain("refused");
        return text("#message");
    }

    private void keepToken() {
        page().type("#token", TOKEN);
        click("#token-form button[type='submit']");
        Eventually.await("the token kept", () -> text("#message").startsWith("token kept"));
    }

    private void select(String service) {
        click("tr[data-service='" + service + "']");
        Eventually.await(service + " selected", () -> text("#detail-name").equals(service));
    }

    @Test
    @Order(1)
    void loadsWithoutConsoleErrorsAndShowsTheServicesAndRoutesOfTheConfig() {
        Eventually.await("both services listed", () -> !text("tr[data-service='api']").isEmpty()
            && !text("tr[data-service='work']").isEmpty());
        assertThat(text("#feed")).isEqualTo("live");
        assertThat(page().driver().findElements(By.cssSelector("#services tbody tr")))
            .extracting(r -> r.getDomAttribute("data-service")).containsExactly("api", "work");
        assertThat(page().driver().findElements(By.cssSelector("#routes tbody tr"))).extracting(WebElement::getText)
            .containsExactly("route-0 path /api/* api", "route-1 path /limited (rate-limited) work",
                "route-2 any request work");
        assertThat(severeConsoleEntries()).as("console errors").isEmpty();
    }

    @Test
    @Order(2)
    void aButtonWithoutTheTokenShowsTheRefusal() {
        select("work");
        page().type("#scale-count", "3");
        click("#scale");
        try {
            Eventually.await("the refusal shown", () -> text("#message").startsWith("refused (401)"));
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "; the page says '" + text("#message") + "'", e);
        }
        assertThat(text("#message")).startsWith("refused (401): missing or wrong bearer token (HORIZON_ADMIN_TOKEN)");
        assertThat(page().attribute("#message", "class")).contains("refused");
        assertThat(text("tr[data-service='work'] [data-role='desired']")).isEqualTo("1");
    }

    @Test
    @Order(3)
    void afterHorizonScaleWorkThreeThePageShowsThreeInstancesInService() throws Exception {
        horizon("scale", "work", "3");
        Eventually.await("3 instances of work in service on the page", STARTS,
            () -> text("tr[data-service='work'] [data-role='in-service']").equals("3"));
        assertThat(text("tr[data-service='work'] [data-role='desired']")).isEqualTo("3");
        assertThat(page().count("#members tbody tr td.state-in_service")).isEqualTo(3);
    }

    @Test
    @Order(4)
    void withTheTokenTheScaleButtonWorks() {
        keepToken();
        page().type("#scale-count", "2");
        click("#scale");
        Eventually.await("the scale accepted", () -> text("#message").equals("work: desired 3 -> 2"));
        Eventually.await("2 instances of work in service on the page",
            () -> text("tr[data-service='work'] [data-role='in-service']").equals("2"));
        assertThat(text("tr[data-service='work'] [data-role='desired']")).isEqualTo("2");
        assertThat(page().script("return sessionStorage.getItem('horizon-admin-token')")).isEqualTo(TOKEN);
    }

    @Test
    @Order(5)
    void chartsHavePointsAfterTrafficAndTheSpikeIsSavedAsAScreenshot() throws Exception {
        select("api");
        try (LoadGenerator load = new LoadGenerator(URI.create("http://127.0.0.1:" + listen + "/api/x"),
            Duration.ofSeconds(10))) {
            load.users(12);
            Eventually.await("requests charted for api", () -> points("rps") > 0 && points("latency") > 0);
            Eventually.await("the autoscaler's metric charted", () -> points("metric") > 0);
            Eventually.await("api scaled out by the autoscaler",
                () -> number("tr[data-service='api'] [data-role='desired']") > 1);
            Eventually.await("api's new instances in service", STARTS,
                () -> number("tr[data-service='api'] [data-role='in-service']") > 1);
            page().screenshot(Path.of("target", "dashboard.png"));
        }
        assertThat(points("instances")).isPositive();
        assertThat(severeConsoleEntries()).as("console errors").isEmpty();
    }

    @Test
    @Order(6)
    void aRoutesRateLimited429sAreChartedUnderItsService() throws Exception {
        select("work");
        HttpClient client = HttpClient.newHttpClient();
        URI limited = URI.create("http://127.0.0.1:" + listen + "/limited");
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            statuses.add(client.send(HttpRequest.newBuilder(limited).build(), HttpResponse.BodyHandlers.discarding())
                .statusCode());
        }
        assertThat(statuses).containsExactly(200, 429, 429);
        Eventually.await("work's two 429s on its errors chart",
            () -> page().attribute("[data-chart='errors']", "data-sum-limited").equals("2"));
        assertThat(page().attribute("[data-chart='errors']", "data-sum-errors5xx")).isEqualTo("0");
    }

    @Test
    @Order(7)
    void theDrainButtonRefusesWithoutTheTokenAndDrainsWithIt() {
        select("work");
        Eventually.await("work's instances listed", () -> page().count("#members button[data-drain]") == 2);
        String instance = page().attribute("#members button[data-drain]", "data-drain");
        assertThat(refusedThenDone("#members button[data-drain='" + instance + "']"))
            .isEqualTo("work: draining " + instance);
        Eventually.await(instance + " draining, stopped or gone", () -> {
            String state = text("#members tr[data-instance='" + instance + "'] td:nth-child(2)");
            return state.isEmpty() || state.equals("draining") || state.equals("stopped");
        });
        Eventually.await("work back at 2 in service", STARTS,
            () -> text("tr[data-service='work'] [data-role='in-service']").equals("2"));
    }

    @Test
    @Order(9)
    void thePromoteButtonRefusesWithoutTheTokenAndPromotesWithIt() throws Exception {
        deployCanary(2, 1);
        assertThat(refusedThenDone("#promote")).startsWith("work:");
        Eventually.await("the canary promoted", () -> text("#rollout-summary").contains("promoted"));
    }

    @Test
    @Order(10)
    void theAbortButtonRefusesWithoutTheTokenAndAbortsWithIt() throws Exception {
        deployCanary(3, 2);
        assertThat(refusedThenDone("#abort")).startsWith("work:").contains("abort");
        Eventually.await("the canary aborted", () -> text("#rollout-summary").contains("aborted"));
        assertThat(severeConsoleEntries()).as("console errors").isEmpty();
    }

    @Test
    @Order(8)
    void theResizeButtonRefusesWithoutTheTokenAndResizesWithIt() {
        select("work");
        page().type("#resize-cpu", "300m");
        assertThat(refusedThenDone("#resize")).startsWith("work:").contains("300m");
        Eventually.await("work's new size on the page, every instance at it", STARTS,
            () -> text("#detail-summary").contains("size 300m") && !text("#detail-summary").contains("replac"));
    }

    /** Deploys revision {@code revision} of work with {@code horizon deploy}; waits for its canary at 50 %. */
    private void deployCanary(int revision, int stable) throws Exception {
        select("work");
        horizon("deploy", "work", "--command=" + String.join(" ", horizonCommand()) + " backend --version="
            + revision + " --cost=5ms");
        Eventually.await("the canary of r" + revision + " at its step", STARTS,
            () -> text("#rollout-summary").startsWith("canary of revision " + revision + " over " + stable + ": ")
                && text("#rollout-summary").contains("step 1 of 1, 50% of requests"));
    }

    private int points(String chart) {
        String n = page().attribute("[data-chart='" + chart + "']", "data-points");
        return n.isEmpty() ? 0 : Integer.parseInt(n);
    }
}
