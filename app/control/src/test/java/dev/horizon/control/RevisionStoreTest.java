package dev.horizon.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Revisions and the rollout record on disk, and which revision a starting Horizon serves. */
class RevisionStoreTest {

    private static final Instant NOW = Instant.parse("2026-12-02T10:00:00Z");
    private static final List<String> CMD = List.of("java", "-jar", "shop.jar");

    @TempDir
    Path dir;

    private RevisionStore store() {
        return new RevisionStore(dir, "shop");
    }

    private static RolloutRecord record(String phase, int stable, int revision) {
        return new RolloutRecord("shop", "canary", stable, revision, phase, 25, 2, 3, "why", NOW.toString(), 1, 0,
            null, List.of("a verdict"));
    }

    @Test
    void revisionsAndTheRolloutRoundTripAndAreNeverRewritten() throws IOException {
        RevisionStore s = store();
        Revision r1 = new Revision(1, CMD, Map.of(), NOW.toString(), RevisionBoot.FROM_CONFIGURATION);
        Revision r2 = new Revision(2, CMD, Map.of("V", "2"), NOW.toString(), "horizon deploy --env V=2");
        s.add(r2);
        s.add(r1);
        s.rollout(record("paused", 1, 2));
        List<String> problems = new ArrayList<>();

        assertThat(store().revisions(problems)).containsExactly(r1, r2);
        assertThat(store().rollout(problems)).isEqualTo(record("paused", 1, 2));
        assertThat(problems).isEmpty();
        assertThatThrownBy(() -> s.add(r1)).isInstanceOf(IOException.class).hasMessageEndingWith(
            "1.json exists: revision 1 was already written");
        assertThat(Files.exists(dir.resolve("shop/rollout.json.next"))).isFalse();
    }

    @Test
    void aDamagedFileIsSetAsideAndReportedNotOverwritten() throws IOException {
        Files.createDirectories(dir.resolve("shop/revisions"));
        Files.writeString(dir.resolve("shop/revisions/1.json"), "{\"number\": 1, \"command\": [");
        Files.writeString(dir.resolve("shop/revisions/2.json"), "{\"number\": 3, \"command\": [\"x\"], \"env\": {}, "
            + "\"created\": \"t\", \"cause\": \"c\"}");
        Files.writeString(dir.resolve("shop/rollout.json"), "not json");
        List<String> problems = new ArrayList<>();

        assertThat(store().revisions(problems)).isEmpty();
        assertThat(store().rollout(problems)).isNull();
        assertThat(problems).hasSize(3);
        assertThat(problems.get(1)).contains("2.json cannot be read (it says revision 3)")
            .endsWith("; the old file is kept as " + dir.resolve("shop/revisions/2.json.bad"));
        assertThat(dir.resolve("shop/revisions/1.json.bad")).exists();
        assertThat(dir.resolve("shop/rollout.json.bad")).hasContent("not json");
    }

    @Test
    void theFirstStartWritesRevisionOneFromTheConfiguration() {
        List<Revision> revisions = new ArrayList<>();
        List<String> said = new ArrayList<>();

        Revision r = RevisionBoot.serving(store(), revisions, null, CMD, Map.of("A", "1"), NOW, said::add);

        assertThat(r).isEqualTo(new Revision(1, CMD, Map.of("A", "1"), NOW.toString(), "the configuration"));
        assertThat(store().revisions(new ArrayList<>())).containsExactly(r);
        assertThat(said).isEmpty();
    }

    @Test
    void aChangedConfigurationServesAsTheNextRevisionUnlessADeployedOneServes() throws IOException {
        RevisionStore s = store();
        Revision r1 = new Revision(1, CMD, Map.of(), NOW.toString(), RevisionBoot.FROM_CONFIGURATION);
        s.add(r1);
        List<Revision> revisions = new ArrayList<>(List.of(r1));
        List<String> said = new ArrayList<>();
        List<String> changed = List.of("java", "-jar", "shop-2.jar");

        Revision next = RevisionBoot.serving(s, revisions, null, changed, Map.of(), NOW, said::add);
        assertThat(next.number()).isEqualTo(2);
        assertThat(next.cause()).isEqualTo("the configuration, changed");
        assertThat(said).containsExactly("instances.command or env changed since r1; serving the configuration's "
            + "block as r2");

        Revision r3 = new Revision(3, CMD, Map.of("V", "3"), NOW.toString(), "horizon deploy --env V=3");
        s.add(r3);
        revisions.add(r3);
        said.clear();
        Revision kept = RevisionBoot.serving(s, revisions, record("promoted", 2, 3), changed, Map.of(), NOW,
            said::add);
        assertThat(kept).isEqualTo(r3);
        assertThat(said).containsExactly("instances.command or env differ from r3 (horizon deploy --env V=3), which "
            + "keeps serving; horizon deploy ships a change");
        assertThat(RevisionBoot.serving(s, revisions, record("progressing", 2, 3), changed, Map.of(), NOW,
            said::add)).as("an open rollout's stable revision serves").isEqualTo(next);
    }
}
