package dev.horizon.showcase;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 19 item 21: state holding secrets is 0600 in 0700 directories (before, {@code .horizon/demo/horizon.yaml}
 * with the JWT secret was 0644 in a 0755 directory).
 */
final class PrivateFilesTest {

    @TempDir
    Path tmp;

    private static String mode(Path p) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }

    @Test
    void createsDirectoriesAndTheirMissingParentsAs0700() throws Exception {
        Path dir = PrivateFiles.directory(tmp.resolve(".horizon/demo"));
        assertThat(mode(dir)).isEqualTo("rwx------");
        assertThat(mode(tmp.resolve(".horizon"))).isEqualTo("rwx------");
    }

    @Test
    void tightensADirectoryOfOursThatAnEarlierVersionLeftOpenButNoOtherExistingOne() throws Exception {
        Path ours = Files.createDirectories(tmp.resolve("db"));
        Files.setPosixFilePermissions(ours, PosixFilePermissions.fromString("rwxr-xr-x"));
        PrivateFiles.ownDirectory(ours);
        assertThat(mode(ours)).isEqualTo("rwx------");
        Path shared = Files.createDirectories(tmp.resolve("shared"));
        Files.setPosixFilePermissions(shared, PosixFilePermissions.fromString("rwxrwxr-x"));
        PrivateFiles.directory(shared);
        assertThat(mode(shared)).as("--state-dir pointing at a shared directory").isEqualTo("rwxrwxr-x");
        PrivateFiles.ownDirectory(tmp.resolve("new/db"));
        assertThat(mode(tmp.resolve("new"))).isEqualTo("rwx------");
        assertThat(mode(tmp.resolve("new/db"))).isEqualTo("rwx------");
    }

    @Test
    void writesA0600FileAndReplacesAnOpenOneWithoutLeavingATemporaryFile() throws Exception {
        Path file = tmp.resolve("horizon.yaml");
        Files.writeString(file, "old secret");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        PrivateFiles.write(file, "DEMO_JWT_SECRET: \"c2VjcmV0\"\n");
        assertThat(mode(file)).isEqualTo("rw-------");
        assertThat(Files.readString(file)).isEqualTo("DEMO_JWT_SECRET: \"c2VjcmV0\"\n");
        try (var files = Files.list(tmp)) {
            assertThat(files).containsExactly(file);
        }
        PrivateFiles.write(tmp.resolve("new.yaml"), "x");
        assertThat(mode(tmp.resolve("new.yaml"))).isEqualTo("rw-------");
    }

    @Test
    void reservesAnEmpty0600FileOrTightensAnExistingOne() throws Exception {
        Path fresh = tmp.resolve("shop.mv.db");
        PrivateFiles.reserve(fresh);
        assertThat(mode(fresh)).isEqualTo("rw-------");
        assertThat(Files.size(fresh)).isZero();
        Path old = Files.writeString(tmp.resolve("old.mv.db"), "data");
        Files.setPosixFilePermissions(old, PosixFilePermissions.fromString("rw-r--r--"));
        PrivateFiles.reserve(old);
        assertThat(mode(old)).isEqualTo("rw-------");
        assertThat(Files.readString(old)).isEqualTo("data");
    }
}
