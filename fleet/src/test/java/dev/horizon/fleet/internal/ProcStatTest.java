package dev.horizon.fleet.internal;

import static dev.horizon.fleet.Children.await;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@code /proc/PID/stat} read for real processes. */
class ProcStatTest {

    private final List<Process> started = new ArrayList<>();

    @AfterEach
    void stop() {
        started.forEach(Process::destroyForcibly);
    }

    @Test
    void aZombieHasNoStartTimeSoAPidFileNamingItCountsAsGone() throws Exception {
        // sh starts a short sleep, then becomes a long sleep that never waits for it: the short one stays a zombie,
        // as a Horizon killed with SIGKILL stays one until its own parent reaps it
        Process parent = new ProcessBuilder("sh", "-c", "sleep 0.1 & echo $!; exec sleep 600").start();
        started.add(parent);
        long zombie = Long.parseLong(
            new BufferedReader(new InputStreamReader(parent.getInputStream(), StandardCharsets.UTF_8)).readLine());
        String startedAt = "ticks:" + Objects.requireNonNull(ProcStat.of(zombie)).startTicks();
        await("the short sleep to exit", () -> {
            ProcStat stat = ProcStat.of(zombie);
            return stat != null && stat.exited();
        });

        assertThat(ProcStat.startTime(zombie)).isNull();
        assertThat(PidFile.running(zombie, startedAt)).isFalse();
        String parentStart = "ticks:" + Objects.requireNonNull(ProcStat.of(parent.pid())).startTicks();
        assertThat(ProcStat.startTime(parent.pid())).isEqualTo(parentStart);
        assertThat(PidFile.running(parent.pid(), parentStart)).isTrue();
    }
}
