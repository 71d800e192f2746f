package dev.horizon.fleet;

import static dev.horizon.fleet.Children.await;
import static dev.horizon.fleet.FleetRig.spec;
import static org.assertj.core.api.Assertions.assertThat;

import dev.horizon.fleet.internal.LocalProcessProvider;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two revisions of one service, each a fleet of its own, side by side on one local-process provider with one state
 * directory (a deploy mid-rollout): real processes, distinct instance ids, pid files, logs and cgroups, and an orphan
 * cleanup after a crash that finds the instances of both.
 */
class FleetRevisionsTest {

    private final FleetRig rig;
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private @Nullable Process parent;

    FleetRevisionsTest(@TempDir Path dir) {
        this.rig = new FleetRig(dir);
    }

    @AfterEach
    void stop() {
        rig.close();
        if (parent != null) {
            parent.destroyForcibly();
        }
    }

    private String get(String address) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create("http://" + address + "/")).build(),
            HttpResponse.BodyHandlers.ofString()).body();
    }

    private static List<String> ids(Fleet fleet) {
        return fleet.instances().stream().map(i -> i.id() + " r" + i.revision()).toList();
    }

    @Test
    void twoRevisionsOfAServiceRunSideBySideOnOneProviderWithoutSharingANameOrAFile() throws Exception {
        Fleet v1 = rig.startOnSystemClock(spec(Children.service()).instances(2, 5).build());
        Fleet v2 = rig.startOnSystemClock(v1.spec().withRevision(2));
        v2.setDesired(2);
        await("2 + 2 in service", () -> v1.status().ready() == 2 && v2.status().ready() == 2);

        assertThat(ids(v1)).containsExactly("shop-1 r1", "shop-2 r1");
        assertThat(ids(v2)).containsExactly("shop-r2-1 r2", "shop-r2-2 r2");
        for (String id : List.of("shop-1", "shop-2", "shop-r2-1", "shop-r2-2")) {
            Fleet fleet = id.startsWith("shop-r2-") ? v2 : v1;
            String address = FleetRig.address(fleet, id);
            assertThat(get(address)).as(id).isEqualTo("hello from " + id);
            assertThat(rig.dir.resolve("shop/" + id + ".pid")).as(id).exists();
            assertThat(rig.lines(id)).as(id).first()
                .isEqualTo("listening on " + address.substring("127.0.0.1:".length()) + " as " + id + " of shop");
            LocalProcessProvider provider = (LocalProcessProvider) Objects.requireNonNull(rig.provider);
            List<Path> groups = provider.cgroupDirs("shop", id);
            if (provider.limits().enforced()) { // one group per hierarchy, each named by service and instance
                assertThat(groups).as(id).isNotEmpty().allMatch(g -> g.getFileName().toString().equals("shop." + id));
            }
        }
        assertThat(rig.pool.members().keySet())
            .containsExactlyInAnyOrder("shop-1", "shop-2", "shop-r2-1", "shop-r2-2");

        v2.close(); // the new revision rolled back: only its own instances go

        assertThat(v2.status().instances()).extracting(InstanceStatus::state)
            .containsOnly(InstanceState.STOPPED);
        assertThat(rig.dir.resolve("shop/shop-r2-1.pid")).doesNotExist();
        assertThat(rig.dir.resolve("shop/shop-r2-2.pid")).doesNotExist();
        assertThat(v1.status().ready()).isEqualTo(2);
        assertThat(rig.pool.members().keySet()).containsExactlyInAnyOrder("shop-1", "shop-2");
        assertThat(get(FleetRig.address(v1, "shop-1"))).isEqualTo("hello from shop-1");
    }

    @Test
    void cleanupAfterACrashFindsTheOrphansOfBothRevisions() throws Exception {
        parent = new ProcessBuilder(Children.java(RevisionsParent.class, rig.dir.toString())).redirectErrorStream(true)
            .start();
        BufferedReader out = new BufferedReader(new InputStreamReader(parent.getInputStream(), StandardCharsets.UTF_8));
        List<String> said = new ArrayList<>();
        for (String line = out.readLine(); !"ready".equals(line); line = out.readLine()) {
            assertThat(line).as("RevisionsParent's output so far: %s", said).isNotNull();
            said.add(line);
        }
        Map<String, Long> pids = Map.of("shop-1", pid("shop-1"), "shop-r2-1", pid("shop-r2-1"));

        parent.destroyForcibly(); // SIGKILL: no shutdown hook, no parent-death signal
        parent.waitFor();
        for (long pid : pids.values()) {
            assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive)).as("orphan %d", pid).hasValue(true);
        }
        Provider next = Provider.localProcesses(rig.dir);
        rig.provider = next;
        List<String> report = next.cleanupOrphans();

        assertThat(report.stream().filter(l -> !l.startsWith("removed cgroup "))).containsExactlyInAnyOrder(
            "killed orphan pid " + pids.get("shop-1") + " from shop/shop-1.pid (its Horizon, pid " + parent.pid()
                + ", is gone)",
            "killed orphan pid " + pids.get("shop-r2-1") + " from shop/shop-r2-1.pid (its Horizon, pid "
                + parent.pid() + ", is gone)");
        List<String> groups = report.stream().filter(l -> l.startsWith("removed cgroup horizon/" + parent.pid() + "-"))
            .map(l -> l.split(" ")[2].replaceFirst(".*/", "")).toList();
        if (next.limits().enforced()) { // both groups, each named by service and instance
            assertThat(groups).containsExactlyInAnyOrder("shop.shop-1", "shop.shop-r2-1");
        }
        for (long pid : pids.values()) {
            assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).as("orphan %d", pid).isFalse();
        }
        assertThat(rig.dir.resolve("shop/shop-1.pid")).doesNotExist();
        assertThat(rig.dir.resolve("shop/shop-r2-1.pid")).doesNotExist();
    }

    /** The pid in {@code STATE_DIR/shop/ID.pid}. */
    private long pid(String id) {
        String first = Children.lines(rig.dir.resolve("shop/" + id + ".pid")).getFirst();
        assertThat(first).startsWith("pid=");
        return Long.parseLong(first.substring("pid=".length()));
    }
}
