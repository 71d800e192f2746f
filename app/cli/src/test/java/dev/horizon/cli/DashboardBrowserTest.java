package dev.horizon.cli;

import static dev.horizon.cli.HorizonProcesses.await;
import static dev.horizon.cli.HorizonProcesses.freePort;
import static dev.horizon.cli.HorizonProcesses.java;
import static dev.horizon.cli.HorizonProcesses.yamlCommand;
import static org.assertj.core.api.Assertions.assertThat;

import dev.horizon.showcase.LoadGenerator;
import dev.horizon.testing.Eventually;
import java.io.File;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

/**
 * The dashboard in a real browser (Debian's headless chromium through its chromedriver) against a real
 * {@code horizon up} with managed instances: the page loads without a console error and lists the configured services
 * and routes; a button refuses without the admin token, visibly; with it, scaling a service to 3 shows 3 instances in
 * service; under traffic the charts have points. One browser and one horizon serve every case, in order; the last
 * case saves a screenshot of the dashboard during a traffic spike to {@code target/dashboard.png}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DashboardBrowserTest {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final String TOKEN = "dashboard-test-token-0123456789abcdef";

    private Path dir;
    private @Nullable Process horizon;
    private @Nullable ChromeDriver browser;
    private int listen;
    private int admin;

    @BeforeAll
    void start() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
            "needs Debian's chromium and chromium-driver (" + CHROMIUM + ", " + CHROMEDRIVER + "); "
                + "./run-tests installs them (scripts/packages.txt)");
        dir = Files.createTempDirectory("horizon-dashboard-test");
        listen = freePort();
        admin = freePort();
        Path file = dir.resolve("horizon.yaml");
        Files.writeString(file, config());
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        horizon = java(Map.of("HORIZON_ADMIN_TOKEN", TOKEN, "XDG_STATE_HOME", dir.toString()), lines, "up", "-c",
            file.toString());
        await(lines, "horizon: gateway on 127.0.0.1:" + listen);
        browser = chromium();
        browser.get("http://127.0.0.1:" + admin + "/");
    }

    private String config() {
        String command = yamlCommand("backend", "--cost=30ms", "--concurrency=4");
        return "gateway:\n  listen: 127.0.0.1:" + listen + "\n  admin: 127.0.0.1:" + admin + "\n"
            + "routes:\n  - match: { path-prefix: /api/ }\n    service: api\n  - service: work\n"
            + "services:\n"
            + "  work:\n"
            + "    health: { path: /health, interval: 200ms, timeout: 1s, rise: 1, fall: 3 }\n"
            + "    instances:\n"
            + "      command: " + command + "\n"
            + "      min: 1\n      max: 4\n      warmup: 1s\n      drain-timeout: 2s\n"
            + "      state-dir: " + dir.resolve("state") + "\n"
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

    private static ChromeDriver chromium() {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        // root in a container: no sandbox; /dev/shm may be small
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1400,1100");
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder()
            .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        return new ChromeDriver(service, options);
    }

    @AfterAll
    void stop() throws Exception {
        if (browser != null) {
            browser.quit();
        }
        if (horizon != null && horizon.isAlive()) {
            horizon.destroy();
            if (!horizon.waitFor(30, TimeUnit.SECONDS)) {
                horizon.destroyForcibly();
            }
        }
    }

    private ChromeDriver page() {
        ChromeDriver b = browser;
        assertThat(b).as("the browser").isNotNull();
        return b;
    }

    /**
     * The text of the first element {@code css} selects, empty when none; read again when the page redrew the element
     * between finding and reading it (the tables are rebuilt every second).
     */
    private String text(String css) {
        for (int attempt = 1;; attempt++) {
            try {
                List<WebElement> found = page().findElements(By.cssSelector(css));
                return found.isEmpty() ? "" : found.getFirst().getText();
            } catch (StaleElementReferenceException redrawn) {
                if (attempt == 20) {
                    throw redrawn;
                }
            }
        }
    }

    /** Clicks the element {@code css} selects, again when the page redrew it in between. */
    private void click(String css) {
        for (int attempt = 1;; attempt++) {
            try {
                page().findElement(By.cssSelector(css)).click();
                return;
            } catch (StaleElementReferenceException redrawn) {
                if (attempt == 20) {
                    throw redrawn;
                }
            }
        }
    }

    /** The whole number in the element {@code css} selects, or -1 when it shows none. */
    private int number(String css) {
        String t = text(css);
        return t.matches("\\d+") ? Integer.parseInt(t) : -1;
    }

    /** The console's errors, but the browser's own line about the refusal the second case asks for. */
    private List<String> severeConsoleEntries() {
        return page().manage().logs().get(LogType.BROWSER).getAll().stream()
            .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue()).map(LogEntry::getMessage)
            .filter(m -> !m.endsWith("/admin/services/work/scale - Failed to load resource: the server responded "
                + "with a status of 401 (Unauthorized)"))
            .toList();
    }

    @Test
    @Order(1)
    void loadsWithoutConsoleErrorsAndShowsTheServicesAndRoutesOfTheConfig() {
        Eventually.await("both services listed", () -> !text("tr[data-service='api']").isEmpty()
            && !text("tr[data-service='work']").isEmpty());
        assertThat(text("#feed")).isEqualTo("live");
        assertThat(page().findElements(By.cssSelector("#services tbody tr")))
            .extracting(r -> r.getDomAttribute("data-service")).containsExactly("api", "work");
        assertThat(page().findElements(By.cssSelector("#routes tbody tr"))).extracting(WebElement::getText)
            .containsExactly("route-0 path /api/* api", "route-1 any request work");
        assertThat(severeConsoleEntries()).as("console errors").isEmpty();
    }

    @Test
    @Order(2)
    void aButtonWithoutTheTokenShowsTheRefusal() {
        click("tr[data-service='work']");
        Eventually.await("work selected", () -> text("#detail-name").equals("work"));
        setScaleCount("3");
        page().findElement(By.id("scale")).click();
        try {
            Eventually.await("the refusal shown", () -> text("#message").startsWith("refused (401)"));
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "; the page says '" + text("#message") + "'", e);
        }
        assertThat(text("#message")).startsWith("refused (401): missing or wrong bearer token (HORIZON_ADMIN_TOKEN)");
        assertThat(page().findElement(By.id("message")).getDomAttribute("class")).contains("refused");
        assertThat(text("tr[data-service='work'] [data-role='desired']")).isEqualTo("1");
    }

    @Test
    @Order(3)
    void afterHorizonScaleWorkThreeThePageShowsThreeInstancesInService() throws Exception {
        BlockingQueue<String> out = new LinkedBlockingQueue<>();
        Process scale = java(Map.of("HORIZON_ADMIN_TOKEN", TOKEN, "XDG_STATE_HOME", dir.toString()), out, "scale",
            "--admin", "127.0.0.1:" + admin, "work", "3");
        assertThat(scale.waitFor(60, TimeUnit.SECONDS)).as("horizon scale ended").isTrue();
        assertThat(scale.exitValue()).as("horizon scale's exit status; it said " + out).isZero();
        Eventually.await("3 instances of work in service on the page",
            () -> text("tr[data-service='work'] [data-role='in-service']").equals("3"));
        assertThat(text("tr[data-service='work'] [data-role='desired']")).isEqualTo("3");
        assertThat(page().findElements(By.cssSelector("#members tbody tr td.state-in_service"))).hasSize(3);
    }

    @Test
    @Order(4)
    void withTheTokenTheScaleButtonWorks() {
        page().findElement(By.id("token")).sendKeys(TOKEN);
        page().findElement(By.cssSelector("#token-form button[type='submit']")).click();
        setScaleCount("2");
        page().findElement(By.id("scale")).click();
        Eventually.await("the scale accepted", () -> text("#message").equals("work: desired 3 -> 2"));
        Eventually.await("2 instances of work in service on the page",
            () -> text("tr[data-service='work'] [data-role='in-service']").equals("2"));
        assertThat(text("tr[data-service='work'] [data-role='desired']")).isEqualTo("2");
        assertThat(page().executeScript("return sessionStorage.getItem('horizon-admin-token')")).isEqualTo(TOKEN);
    }

    @Test
    @Order(5)
    void chartsHavePointsAfterTrafficAndTheSpikeIsSavedAsAScreenshot() throws Exception {
        click("tr[data-service='api']");
        Eventually.await("api selected", () -> text("#detail-name").equals("api"));
        try (LoadGenerator load = new LoadGenerator(URI.create("http://127.0.0.1:" + listen + "/api/x"),
            Duration.ofSeconds(10))) {
            load.users(12);
            Eventually.await("requests charted for api", () -> points("rps") > 0 && points("latency") > 0);
            Eventually.await("the autoscaler's metric charted", () -> points("metric") > 0);
            Eventually.await("api scaled out by the autoscaler",
                () -> number("tr[data-service='api'] [data-role='desired']") > 1);
            Eventually.await("api's new instances in service",
                () -> number("tr[data-service='api'] [data-role='in-service']") > 1);
            screenshot();
        }
        assertThat(points("instances")).isPositive();
        assertThat(severeConsoleEntries()).as("console errors").isEmpty();
    }

    private int points(String chart) {
        String n = page().findElement(By.cssSelector("[data-chart='" + chart + "']")).getDomAttribute("data-points");
        return n == null ? 0 : Integer.parseInt(n);
    }

    private void setScaleCount(String n) {
        WebElement count = page().findElement(By.id("scale-count"));
        count.clear();
        count.sendKeys(n);
    }

    private void screenshot() throws Exception {
        File shot = page().getScreenshotAs(OutputType.FILE);
        Path target = Path.of("target", "dashboard.png");
        Files.createDirectories(target.getParent());
        Files.copy(shot.toPath(), target, StandardCopyOption.REPLACE_EXISTING);
    }
}
