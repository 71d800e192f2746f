package dev.horizon.fleet.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The owner of cgroups and pid files: its name in each kind of start time, and when it is provably gone. */
class OwnerTest {

    private static final long SELF = ProcessHandle.current().pid();
    private static final String OWN_START = Objects.requireNonNull(ProcStat.startTime(SELF));

    @Test
    void namesTheStartTimeInTheKindItWasRead() {
        assertThat(new Owner(4001, "ticks:9180020").name()).isEqualTo("4001-9180020");
        assertThat(new Owner(4001, "instant:1712345678901").name()).isEqualTo("4001-i1712345678901");
        assertThat(new Owner(4001, null).name()).isEqualTo("4001-unknown");
        for (String name : new String[] {"4001-9180020", "4001-i1712345678901", "4001-unknown"}) {
            assertThat(Objects.requireNonNull(Owner.parse(name)).name()).isEqualTo(name);
        }
        assertThat(Owner.parse("4001-0x12")).isNull();
        assertThat(Owner.self().name()).isEqualTo(SELF + "-" + OWN_START.substring("ticks:".length()));
    }

    @Test
    void aLiveProcessIsGoneOnlyWhenItsStartTimeOfTheSameKindDiffers() {
        assertThat(new Owner(SELF, OWN_START).gone()).isFalse();
        assertThat(new Owner(SELF, null).gone()).isFalse(); // its start could not be read: never provably gone
        assertThat(new Owner(SELF, "instant:1").gone()).isFalse(); // read another way: not comparable
        assertThat(new Owner(SELF, "ticks:1").gone()).isTrue(); // its pid names a later process
    }

    @Test
    void aPidThatNamesNoProcessIsGoneWhateverItsStartTime() throws Exception {
        Process ended = new ProcessBuilder("true").start();
        assertThat(ended.waitFor(20, TimeUnit.SECONDS)).isTrue();

        assertThat(new Owner(ended.pid(), null).gone()).isTrue();
        assertThat(new Owner(ended.pid(), "instant:1").gone()).isTrue();
    }
}
