package dev.horizon.cli;

import static dev.horizon.cli.HorizonProcesses.freePort;
import static dev.horizon.cli.HorizonProcesses.java;
import static org.assertj.core.api.Assertions.assertThat;

import dev.horizon.testing.Eventually;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dashboard of a short {@code horizon demo} (30 s, 100 shoppers), in a real browser opened at the URL the demo
 * prints: during the spike the page charts the shop's requests, and the test saves what it shows to
 * {@code target/dashboard-demo.png} ({@code docs/dashboard.png} is one of them).
 */
class DashboardDemoBrowserTest {

    private static final Pattern URL = Pattern.compile("horizon demo: dashboard on (http://127\\.0\\.0\\.1:\\d+/)");

    @TempDir
    Path dir;

    /** Reads lines until {@code wanted} accepts {@code count} of them or the demo ends; returns every line read. */
    private static List<String> readUntil(BlockingQueue<String> lines, Process p, Predicate<String> wanted, int count)
            throws InterruptedException {
        List<String> seen = new ArrayList<>();
        int found = 0;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
        while (System.nanoTime() < deadline) {
            String line = lines.poll(100, TimeUnit.MILLISECONDS);
            if (line != null) {
                seen.add(line);
                if (wanted.test(line) && ++found == count) {
                    return seen;
                }
            } else if (!p.isAlive() && lines.isEmpty()) {
                break;
            }
        }
        throw new AssertionError("not " + count + " of the lines wanted in " + seen);
    }

    @Test
    void duringTheDemosSpikeTheDashboardChartsTheShopAndIsSavedAsAScreenshot() throws Exception {
        DashboardBrowser.assumeInstalled();
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Process demo = java(lines, "demo", "--port", Integer.toString(freePort()), "--admin-port",
            Integer.toString(freePort()), "--state-dir", dir.resolve("state").toString(), "--jar",
            ShopFleetContract.DEMO_JAR.toString(), "--duration", "30s", "--users", "100");
        try (DashboardBrowser page = DashboardBrowser.open(1400, 1000)) {
            List<String> start = readUntil(lines, demo, l -> URL.matcher(l).find(), 1);
            Matcher url = URL.matcher(start.getLast());
            assertThat(url.find()).isTrue();
            page.driver().get(url.group(1));
            Eventually.await("the shop listed", () -> page.count("tr[data-service='shop']") == 1);
            page.click("tr[data-service='shop']");
            // the status line comes every 5 s: the spike's first is 4 s into it
            readUntil(lines, demo, l -> l.startsWith("spike "), 1);
            Eventually.await("the spike's requests charted",
                () -> page.attribute("[data-chart='rps']", "data-points").matches("[1-9]\\d*"));
            Eventually.await("the spike's refusals (429 or 503 shed) charted", () -> !page.attribute(
                "[data-chart='errors']", "data-sum-limited").equals("0") || !page.attribute("[data-chart='errors']",
                "data-sum-shed").equals("0"));
            // the click on the shop's row scrolled its table sideways: back to its first column for the picture
            page.script("document.querySelectorAll('.scroll').forEach((e) => { e.scrollLeft = 0; })");
            page.screenshot(Path.of("target", "dashboard-demo.png"));
            assertThat(page.text("#detail-name")).isEqualTo("shop");
            assertThat(page.consoleErrors(m -> false)).as("console errors").isEmpty();
        } finally {
            HorizonProcesses.stop(demo);
        }
    }
}
