package dev.horizon.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.horizon.autoscale.LoadHistory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The load history file: written whole, read back exactly, and a damaged one set aside rather than overwritten. */
class LoadHistoryFileTest {

    @Test
    void aWrittenHistoryReadsBackExactly(@TempDir Path dir) throws IOException {
        LoadHistory h = new LoadHistory(Duration.ofDays(2));
        h.record(Instant.parse("2030-01-07T12:00:10Z"), 40);
        h.record(Instant.parse("2030-01-07T12:01:10Z"), 42);
        LoadHistoryFile file = LoadHistoryFile.in(dir, "shop");
        file.write(h);
        LoadHistory back = file.read(Duration.ofDays(2));
        assertThat(back).isNotNull();
        assertThat(back.toText()).isEqualTo(h.toText());
        assertThat(Files.exists(dir.resolve("shop").resolve(LoadHistoryFile.NAME + ".next"))).isFalse();
    }

    @Test
    void aDamagedFileIsSetAsideSoTheNextWriteKeepsIt(@TempDir Path dir) throws IOException {
        LoadHistoryFile file = LoadHistoryFile.in(dir, "shop");
        Files.createDirectories(file.path().getParent());
        Files.writeString(file.path(), "not a history\n");
        assertThatThrownBy(() -> file.read(Duration.ofDays(2))).isInstanceOf(IllegalArgumentException.class);
        Path bad = file.path().resolveSibling(LoadHistoryFile.NAME + ".bad");
        assertThat(file.setAside()).isEqualTo("; the old file is kept as " + bad);
        assertThat(Files.readString(bad)).isEqualTo("not a history\n");
        assertThat(Files.exists(file.path())).isFalse();
        assertThat(file.setAside()).isEmpty();
    }
}
