package dev.horizon.sim.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.horizon.autoscale.ScheduledAction;
import dev.horizon.sim.trace.Trace;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The schedule written from a trace, hour by hour. */
class HourlyScheduleTest {

    /** Three hours: 100 req/s, then 450 from 1:00, then 90 from 2:00 but 300 in its last five minutes. */
    private static Trace threeHours() {
        double[] rps = new double[3 * 3600];
        for (int t = 0; t < rps.length; t++) {
            rps[t] = t < 3600 ? 100 : t < 7200 ? 450 : t < 3 * 3600 - 300 ? 90 : 300;
        }
        return Trace.of(rps);
    }

    @Test
    void eachHourNeedsItsPeakOverThePerInstanceRateIncludingTheLeadBeforeIt() {
        int[] need = HourlySchedule.needs(threeHours(), 100, 300);
        // hour h is in force from h:00 - 5m to h+1:00 - 5m: [-0:05, 0:55) 100, [0:55, 1:55) up to 450,
        // [1:55, 2:55) starts with 450, [2:55, 3:55) sees the last 300
        assertThat(need[0]).isEqualTo(1);
        assertThat(need[1]).isEqualTo(5);
        assertThat(need[2]).isEqualTo(5);
        assertThat(need[3]).isEqualTo(3);
        assertThat(need[4]).isEqualTo(-1);
    }

    @Test
    void actionsFireTheLeadBeforeTheHourAndEqualHoursShareOne() {
        List<ScheduledAction> actions = HourlySchedule.of(threeHours(), 100, 5, 2, 4);
        assertThat(actions).extracting(a -> a.cron().toString(), ScheduledAction::min).containsExactly(
            tuple("55 23 * * *", 2),
            tuple("55 0 * * *", 4),
            tuple("55 2 * * *", 3));
        assertThat(actions).allSatisfy(a -> assertThat(a.max()).isNull());
    }

    @Test
    void badArgumentsAreRefused() {
        assertThatThrownBy(() -> HourlySchedule.of(threeHours(), 0, 5, 1, 2))
            .hasMessage("per-instance rate: 0.0 (expected: a number > 0)");
        assertThatThrownBy(() -> HourlySchedule.of(threeHours(), 1, 60, 1, 2))
            .hasMessage("lead: 60 minutes (expected: 0..59)");
    }
}
