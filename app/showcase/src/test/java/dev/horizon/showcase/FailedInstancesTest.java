package dev.horizon.showcase;

import static org.assertj.core.api.Assertions.assertThat;

import dev.horizon.fleet.Exit;
import dev.horizon.fleet.FleetStatus;
import dev.horizon.fleet.InstanceState;
import dev.horizon.fleet.InstanceStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import dev.horizon.sizing.Resources;
import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FailedInstancesTest {

    @TempDir
    Path dir;

    private static InstanceStatus instance(String id, InstanceState state, @Nullable Exit exit, String detail) {
        return new InstanceStatus(id, state, "127.0.0.1:4000", Duration.ofSeconds(2), Duration.ZERO, exit, 0,
            OptionalLong.empty(), detail, Resources.UNLIMITED, OptionalLong.empty());
    }

    private static FleetStatus status(InstanceStatus... instances) {
        return new FleetStatus("shop", 2, 0, 0, 1, 0, instances.length, null, null, List.of(instances),
            Resources.UNLIMITED, null);
    }

    @Test
    void tellsEachFailedInstanceOnceWithTheFirstErrorLineOfItsLog() throws Exception {
        Files.writeString(dir.resolve("shop-1.log"), """
            SLF4J(W): No SLF4J providers were found.
            SLF4J(W): Defaulting to no-operation (NOP) logger implementation
            demo: sessions: cannot connect to Redis at redis://127.0.0.1:6390: Connection refused
            demo: something later
            """);
        FailedInstances failed = new FailedInstances(dir);
        InstanceStatus starting = instance("shop-2", InstanceState.STARTING, null, "readiness 0/1");
        InstanceStatus shop1 = instance("shop-1", InstanceState.FAILED, Exit.ofStatus(1),
            "exited with code 1; restarting in 1s");

        assertThat(failed.newlyFailed(status(starting))).isEmpty();
        assertThat(failed.newlyFailed(status(shop1, starting))).containsExactly("shop-1 exited with code 1: demo: "
            + "sessions: cannot connect to Redis at redis://127.0.0.1:6390: Connection refused");
        assertThat(failed.newlyFailed(status(shop1, starting))).as("told once").isEmpty();
    }

    @Test
    void withoutAnErrorLineTellsTheLastLineAndWithoutALogOnlyTheExit() throws Exception {
        Files.writeString(dir.resolve("shop-3.log"), "{\"level\":\"INFO\",\"msg\":\"shop started\"}\nbye\n\n");
        FailedInstances failed = new FailedInstances(dir);

        assertThat(failed.newlyFailed(status(
            instance("shop-3", InstanceState.FAILED, Exit.ofStatus(137), "killed"),
            instance("shop-4", InstanceState.FAILED, null, "not ready within 1m"))))
            .containsExactly("shop-3 killed by SIGKILL (exit code 137): bye", "shop-4 not ready within 1m");
    }
}
