package dev.horizon.cli;

import static dev.horizon.cli.HorizonProcesses.freePort;
import static org.assertj.core.api.Assertions.assertThat;

import dev.horizon.testing.Eventually;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.Dimension;

/**
 * The dashboard at the size, in a real browser against a real {@code horizon up}: 20 services of 50 static
 * endpoints each (1,000 endpoints in every state the page gets each second; static endpoints, because 1,000 managed
 * instances are 1,000 JVMs), and a TLS listener with a certificate that expires in 5 days and one in 100. The page
 * lists every service and the 50 endpoints of the selected one, draws its charts on canvases (no element per point),
 * applies each state quickly and shows a drain within a few seconds, highlights the expiring certificate, and at a
 * phone's width (390 px) nothing is wider than the window.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DashboardScaleBrowserTest extends DashboardCase {

    private static final String TOKEN = "dashboard-scale-token-0123456789abcdef";
    private static final int SERVICES = 20;
    private static final int ENDPOINTS = 50;

    private Path dir;
    private int admin;

    @BeforeAll
    void start() throws Exception {
        DashboardBrowser.assumeInstalled();
        dir = Files.createTempDirectory("horizon-dashboard-scale-test");
        Assumptions.assumeTrue(certificate("soon.test", 5) && certificate("later.test", 100),
            "needs openssl on the PATH to make the TLS listener's certificates");
        int listen = freePort();
        admin = freePort();
        up = DashboardUp.start(dir, config(listen, freePort()), Map.of("HORIZON_ADMIN_TOKEN", TOKEN, "XDG_STATE_HOME",
            dir.toString()), listen, admin);
    }

    /**
     * A self-signed certificate for {@code name} valid {@code days} days, as NAME.pem and NAME.key; false without
     * openssl.
     */
    private boolean certificate(String name, int days) throws Exception {
        try {
            Process p = new ProcessBuilder("openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt",
                "ec_paramgen_curve:P-256", "-nodes", "-keyout", dir.resolve(name + ".key").toString(), "-out",
                dir.resolve(name + ".pem").toString(), "-days", Integer.toString(days), "-subj", "/CN=" + name,
                "-addext", "subjectAltName=DNS:" + name).redirectErrorStream(true).start();
            p.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
            return p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (java.io.IOException noOpenssl) {
            return false;
        }
    }

    private String config(int listen, int tls) {
        StringBuilder c = new StringBuilder("gateway:\n  listen: 127.0.0.1:" + listen + "\n  admin: 127.0.0.1:"
            + admin + "\n  tls:\n    listen: 127.0.0.1:" + tls + "\n    certificates:\n");
        for (String name : List.of("later.test", "soon.test")) {
            c.append("      - { cert: ").append(dir.resolve(name + ".pem")).append(", key: ")
                .append(dir.resolve(name + ".key")).append(" }\n");
        }
        c.append("routes:\n");
        for (int s = 1; s <= SERVICES; s++) {
            c.append("  - match: { path-prefix: /").append(service(s)).append("/ }\n    service: ").append(service(s))
                .append('\n');
        }
        c.append("services:\n");
        for (int s = 1; s <= SERVICES; s++) {
            c.append("  ").append(service(s)).append(":\n    endpoints:\n");
            for (int e = 1; e <= ENDPOINTS; e++) {
                c.append("      - 127.0.0.1:").append(40_000 + e).append('\n');
            }
        }
        return c.toString();
    }

    private static String service(int s) {
        return String.format("svc-%02d", s);
    }

    private int states() {
        String n = page().attribute("body", "data-states");
        return n.isEmpty() ? 0 : Integer.parseInt(n);
    }

    @Test
    @Order(1)
    void listsTwentyServicesAndTheFiftyEndpointsOfOneWithChartsOnCanvases() {
        Eventually.await("20 services listed", () -> page().count("#services tbody tr") == SERVICES);
        assertThat(page().text("tr[data-service='svc-20'] td:last-child")).isEqualTo("50/50");
        page().click("tr[data-service='svc-20']");
        Eventually.await("svc-20's 50 endpoints listed", () -> page().text("#detail-name").equals("svc-20")
            && page().count("#members tbody tr") == ENDPOINTS);
        int start = states();
        Eventually.await("three more states applied", () -> states() >= start + 3);
        assertThat(page().count("#charts canvas")).as("a canvas per chart").isEqualTo(6);
        // uPlot draws points on its canvas: the charts' elements are their axes, legends and titles, whatever the
        // number of points (here up to 6 panels × 15 minutes of seconds)
        assertThat(page().count("#charts *")).as("elements in the charts").isLessThan(250);
        assertThat(page().consoleErrors(m -> false)).as("console errors").isEmpty();
    }

    @Test
    @Order(2)
    void appliesEachStateQuicklyAndShowsADrainWithinAFewSeconds() throws Exception {
        page().click("tr[data-service='svc-20']");
        Eventually.await("svc-20 selected", () -> page().text("#detail-name").equals("svc-20"));
        // every second the page gets 1,000 endpoints; applying one (merge and redraw, JSON parsing aside) takes
        // milliseconds on a laptop; a second would mean the page falls behind its feed
        int start = states();
        Eventually.await("a state applied", () -> states() > start);
        assertThat(Double.parseDouble(page().attribute("body", "data-apply-ms"))).as("ms to apply one state")
            .isLessThan(1000);

        long sent = System.nanoTime();
        HttpResponse<String> drained = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
            "http://127.0.0.1:" + admin + "/admin/services/svc-20/endpoints/127.0.0.1:40050/drain"))
            .header("Authorization", "Bearer " + TOKEN).header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString("{\"drain\": true}")).build(),
            HttpResponse.BodyHandlers.ofString());
        assertThat(drained.statusCode()).as(drained.body()).isEqualTo(200);
        Eventually.await("the drain on the page", () -> page()
            .text("#members tr[data-endpoint='127.0.0.1:40050'] td:nth-child(2)").equals("draining"));
        double seconds = (System.nanoTime() - sent) / 1e9;
        assertThat(seconds).as("seconds from the drain to the page showing it (a state a second)").isLessThan(5);
    }

    @Test
    @Order(3)
    void showsTheCertificatesWithTheOneExpiringWithinFourteenDaysHighlighted() {
        Eventually.await("the certificates listed", () -> page().count("#certificates tbody tr") == 2);
        assertThat(page().text("#certificates tr.cert-expiring td:first-child")).isEqualTo("soon.test");
        assertThat(page().text("#certificates tr.cert-expiring [data-role='days-left']")).isEqualTo("4 d");
        assertThat(page().text("#certificates tr.cert-valid td:first-child")).isEqualTo("later.test");
        assertThat(page().text("#certificates tr.cert-valid [data-role='days-left']")).isEqualTo("99 d");
    }

    @Test
    @Order(4)
    void atAPhonesWidthNothingIsWiderThanTheWindow() throws Exception {
        page().driver().manage().window().setSize(new Dimension(390, 844));
        Eventually.await("the page laid out for 390 px", () -> ((Number) java.util.Objects.requireNonNull(
            page().script("return window.innerWidth"))).intValue() <= 390);
        int start = states();
        Eventually.await("a state applied at that width", () -> states() > start + 1);
        Object overflow = page().script("const w = document.documentElement.clientWidth;"
            + "const wide = [...document.querySelectorAll('header, main, section, #charts .chart')]"
            + "  .filter((e) => e.getBoundingClientRect().right > w + 0.5).map((e) => e.id || e.className);"
            + "return [document.documentElement.scrollWidth - w, wide.join(' ')];");
        assertThat(overflow).as("[how much wider the document is than the window, the elements wider than it]")
            .isEqualTo(List.of(0L, ""));
        page().screenshot(Path.of("target", "dashboard-phone.png"));
    }
}
