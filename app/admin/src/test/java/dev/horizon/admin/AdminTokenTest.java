package dev.horizon.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AdminTokenTest {

    private static final InetSocketAddress LOOPBACK = new InetSocketAddress(InetAddress.getLoopbackAddress(), 9090);

    @TempDir
    Path dir;

    @Test
    void theFileIsUnderXdgStateHomeElseUnderHome() {
        assertThat(AdminToken.defaultFile(Map.of("XDG_STATE_HOME", "/s", "HOME", "/h")))
            .isEqualTo(Path.of("/s/horizon/admin-token"));
        assertThat(AdminToken.defaultFile(Map.of("HOME", "/h")))
            .isEqualTo(Path.of("/h/.local/state/horizon/admin-token"));
        assertThat(AdminToken.defaultFile(Map.of("XDG_STATE_HOME", "relative", "HOME", "/h")))
            .as("a relative XDG_STATE_HOME is ignored, as the XDG spec says")
            .isEqualTo(Path.of("/h/.local/state/horizon/admin-token"));
    }

    @Test
    void generatesA32ByteTokenReadableOnlyByTheUserOnceAndReusesIt() throws Exception {
        Path file = dir.resolve("state").resolve("horizon").resolve("admin-token");
        AdminToken first = AdminToken.forServer(null, file, LOOPBACK);

        assertThat(first.generated()).isTrue();
        assertThat(first.file()).isEqualTo(file);
        assertThat(first.value()).matches("[A-Za-z0-9_-]{43}");
        assertThat(Files.readString(file)).isEqualTo(first.value() + "\n");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent())))
            .isEqualTo("rwx------");
        assertThat(Files.list(file.getParent()).toList()).as("no temporary file left").containsExactly(file);
        assertThat(first.toString()).doesNotContain(first.value());

        AdminToken again = AdminToken.forServer("", file, LOOPBACK);
        assertThat(again.generated()).isFalse();
        assertThat(again.value()).isEqualTo(first.value());
        assertThat(AdminToken.forClient(null, file)).isEqualTo(first.value());
    }

    @Test
    void theEnvironmentVariableWinsAndWritesNothing() {
        Path file = dir.resolve("horizon").resolve("admin-token");
        AdminToken token = AdminToken.forServer("s3cret", file, LOOPBACK);

        assertThat(token).isEqualTo(new AdminToken("s3cret", null, false));
        assertThat(file.getParent()).doesNotExist();
        assertThat(AdminToken.forClient("s3cret", file)).isEqualTo("s3cret");
        assertThat(AdminToken.forClient(null, file)).as("no variable, no file").isNull();
    }

    @Test
    void aNonLoopbackAdminAddressNeedsTheEnvironmentVariable() {
        Path file = dir.resolve("horizon").resolve("admin-token");
        assertThatThrownBy(() -> AdminToken.forServer(null, file, new InetSocketAddress("0.0.0.0", 9092)))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessage("gateway.admin: 0.0.0.0:9092 is not loopback; set HORIZON_ADMIN_TOKEN to expose the admin API "
                + "beyond this machine");
        assertThat(file.getParent()).doesNotExist();
        String strong = "n1QmUr6cYl0Kx3pTq8VbZs2WdE5fGh7J";
        assertThat(AdminToken.forServer(strong, file, new InetSocketAddress("0.0.0.0", 9092)).value())
            .isEqualTo(strong);
    }

    @Test
    void aShortTokenIsRefusedBeyondLoopbackAndAcceptedOnIt() {
        Path file = dir.resolve("horizon").resolve("admin-token");
        assertThatThrownBy(() -> AdminToken.forServer("long-random", file, new InetSocketAddress("0.0.0.0", 9092)))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessage("HORIZON_ADMIN_TOKEN: 11 characters (expected: at least 32 when gateway.admin is not "
                + "loopback, e.g. the output of `openssl rand -base64 32`)");
        assertThat(AdminToken.forServer("long-random", file, LOOPBACK).value()).isEqualTo("long-random");
    }

    @Test
    void refusesATokenFileOthersCanRead() throws Exception {
        Path file = dir.resolve("admin-token");
        Files.writeString(file, "abc\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));

        assertThatThrownBy(() -> AdminToken.forServer(null, file, LOOPBACK))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessage(file + ": mode rw-r--r-- lets other users read the admin token (expected: rw-------; chmod 600 "
                + file + ", or delete it to get a new token)");
    }

    @Test
    void refusesAnEmptyTokenFile() throws Exception {
        Path file = dir.resolve("admin-token");
        Files.writeString(file, "\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));

        assertThatThrownBy(() -> AdminToken.forServer(null, file, LOOPBACK))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessage(file + ": no admin token in it (expected: one line of visible ASCII; delete the file to get a "
                + "new token)");
        assertThat(AdminToken.forClient(null, file)).isNull();
    }

    @Test
    void startsRacingEachOtherAgreeOnOneToken() throws Exception {
        for (int round = 0; round < 20; round++) {
            Path file = dir.resolve("race-" + round).resolve("admin-token");
            List<Callable<AdminToken>> starts = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                starts.add(() -> AdminToken.forServer(null, file, LOOPBACK));
            }
            Set<String> values = new HashSet<>();
            int generated = 0;
            try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
                for (Future<AdminToken> f : pool.invokeAll(starts)) {
                    values.add(f.get().value());
                    generated += f.get().generated() ? 1 : 0;
                }
            }
            assertThat(values).as("round %d", round).hasSize(1);
            assertThat(generated).as("round %d", round).isEqualTo(1);
            assertThat(Files.readString(file).strip()).isEqualTo(values.iterator().next());
        }
    }
}
