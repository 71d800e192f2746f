package dev.horizon.cli;

import static dev.horizon.cli.HorizonProcesses.await;
import static dev.horizon.cli.HorizonProcesses.java;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * A real {@code horizon up} of a configuration and a headless chromium (1400 × 1100) on its dashboard: what the
 * dashboard's browser tests run against. Closing it quits the browser and stops horizon.
 */
final class DashboardUp implements AutoCloseable {

    private final Process horizon;
    private final DashboardBrowser browser;

    private DashboardUp(Process horizon, DashboardBrowser browser) {
        this.horizon = horizon;
        this.browser = browser;
    }

    /**
     * Writes {@code config} to DIR/horizon.yaml, runs {@code horizon up} on it with {@code env} added to its
     * environment until its gateway listens on {@code listen}, and opens its dashboard on {@code admin}.
     */
    static DashboardUp start(Path dir, String config, Map<String, String> env, int listen, int admin)
            throws Exception {
        Path file = dir.resolve("horizon.yaml");
        Files.writeString(file, config);
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Process horizon = java(env, lines, "up", "-c", file.toString());
        try {
            await(lines, "horizon: gateway on 127.0.0.1:" + listen);
            DashboardBrowser browser = DashboardBrowser.open(1400, 1100);
            browser.driver().get("http://127.0.0.1:" + admin + "/");
            return new DashboardUp(horizon, browser);
        } catch (Exception | AssertionError e) {
            HorizonProcesses.stop(horizon);
            throw e;
        }
    }

    DashboardBrowser page() {
        return browser;
    }

    @Override
    public void close() throws InterruptedException {
        browser.close();
        HorizonProcesses.stop(horizon);
    }
}
