package dev.horizon.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.function.Predicate;
import java.util.logging.Level;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Assumptions;
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
 * Debian's headless {@code chromium} driven through its {@code chromedriver} (Selenium), with what the dashboard's
 * tests read and do on the page: texts, clicks and numbers that survive the page redrawing its tables every second,
 * the console's errors, a screenshot. Skips the calling test, saying why, where either program is missing.
 */
final class DashboardBrowser implements AutoCloseable {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    private final ChromeDriver driver;

    private DashboardBrowser(ChromeDriver driver) {
        this.driver = driver;
    }

    /** Skips the test, saying why, unless chromium and chromedriver are installed. */
    static void assumeInstalled() {
        Assumptions.assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
            "needs Debian's chromium and chromium-driver (" + CHROMIUM + ", " + CHROMEDRIVER + "); "
                + "./run-tests installs them (scripts/packages.txt)");
    }

    /** A headless chromium with a window of {@code width} × {@code height} pixels. */
    static DashboardBrowser open(int width, int height) {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        // root in a container: no sandbox; /dev/shm may be small
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage",
            "--window-size=" + width + "," + height);
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder()
            .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        return new DashboardBrowser(new ChromeDriver(service, options));
    }

    ChromeDriver driver() {
        return driver;
    }

    /**
     * The text of the first element {@code css} selects, empty when none; read again when the page redrew the element
     * between finding and reading it (the tables are rebuilt every second).
     */
    String text(String css) {
        for (int attempt = 1;; attempt++) {
            try {
                List<WebElement> found = driver.findElements(By.cssSelector(css));
                return found.isEmpty() ? "" : found.getFirst().getText();
            } catch (StaleElementReferenceException redrawn) {
                if (attempt == 20) {
                    throw redrawn;
                }
            }
        }
    }

    /** The attribute {@code name} of the first element {@code css} selects, empty when none. */
    String attribute(String css, String name) {
        for (int attempt = 1;; attempt++) {
            try {
                List<WebElement> found = driver.findElements(By.cssSelector(css));
                String v = found.isEmpty() ? null : found.getFirst().getDomAttribute(name);
                return v == null ? "" : v;
            } catch (StaleElementReferenceException redrawn) {
                if (attempt == 20) {
                    throw redrawn;
                }
            }
        }
    }

    /** Clicks the element {@code css} selects, again when the page redrew it in between. */
    void click(String css) {
        for (int attempt = 1;; attempt++) {
            try {
                driver.findElement(By.cssSelector(css)).click();
                return;
            } catch (StaleElementReferenceException redrawn) {
                if (attempt == 20) {
                    throw redrawn;
                }
            }
        }
    }

    /** Types {@code text} into the input {@code css} selects, replacing what it held. */
    void type(String css, String text) {
        WebElement input = driver.findElement(By.cssSelector(css));
        input.clear();
        input.sendKeys(text);
    }

    /** The whole number in the element {@code css} selects, or -1 when it shows none. */
    int number(String css) {
        String t = text(css);
        return t.matches("\\d+") ? Integer.parseInt(t) : -1;
    }

    /** How many elements {@code css} selects. */
    int count(String css) {
        return driver.findElements(By.cssSelector(css)).size();
    }

    /** The value of a script's {@code return}; null for none. */
    @Nullable Object script(String js) {
        return driver.executeScript(js);
    }

    /** The console's errors but those {@code expected} accepts (the browser's own line about a refused call). */
    List<String> consoleErrors(Predicate<String> expected) {
        return driver.manage().logs().get(LogType.BROWSER).getAll().stream()
            .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue()).map(LogEntry::getMessage)
            .filter(expected.negate()).toList();
    }

    /** Saves what the window shows as a PNG at {@code target}. */
    void screenshot(Path target) throws IOException {
        File shot = driver.getScreenshotAs(OutputType.FILE);
        Path parent = target.toAbsolutePath().getParent();
        assertThat(parent).isNotNull();
        Files.createDirectories(parent);
        Files.copy(shot.toPath(), target, StandardCopyOption.REPLACE_EXISTING);
    }

    @Override
    public void close() {
        driver.quit();
    }
}
