package dev.horizon.sim.plan;

import dev.horizon.autoscale.Cron;
import dev.horizon.autoscale.ScheduledAction;
import dev.horizon.sim.trace.Trace;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The schedule a team would write from its traffic: for each hour of the day, the fewest instances that carry the
 * busiest moment of that hour on any day of the trace, set as the minimum a few minutes before the hour starts, so
 * the reactive policy only has to handle what the schedule did not foresee (EC2 Auto Scaling's scheduled actions
 * beside a target-tracking policy).
 *
 * <p>Implementation notes. The trace's second 0 is midnight UTC (as the simulator's start is); hour {@code h} needs
 * {@code ceil(peak / perInstance)} instances, where {@code peak} is the highest rate while its minimum is in force —
 * from {@code lead} before the hour to {@code lead} before the next — on any day. Consecutive hours that need the
 * same count share one action; the minimum is clamped to the policy's {@code min..max}. A trace shorter than a day
 * schedules only the hours it covers, and the schedule repeats daily: it is a plan written from this trace, so on
 * this trace it is as good as an hourly schedule can be — which is why the table shows it beside the policies that
 * must react.
 */
public final class HourlySchedule {

    private HourlySchedule() {
    }

    /**
     * The schedule for {@code trace}.
     *
     * @param perInstance the rate one instance should carry, above 0
     * @param leadMinutes how many minutes before each hour its minimum takes effect, 0..59
     * @param min         the policy's minimum
     * @param max         the policy's maximum
     * @throws IllegalArgumentException when {@code perInstance} is not positive or the lead is out of range
     */
    public static List<ScheduledAction> of(Trace trace, double perInstance, int leadMinutes, int min, int max) {
        if (!(perInstance > 0) || Double.isInfinite(perInstance)) {
            throw new IllegalArgumentException("per-instance rate: " + perInstance + " (expected: a number > 0)");
        }
        if (leadMinutes < 0 || leadMinutes > 59) {
            throw new IllegalArgumentException("lead: " + leadMinutes + " minutes (expected: 0..59)");
        }
        int[] need = needs(trace, perInstance, leadMinutes * 60);
        List<ScheduledAction> actions = new ArrayList<>();
        int previous = -1;
        for (int h = 0; h < 24; h++) {
            if (need[h] < 0 || need[h] == previous) {
                continue;
            }
            int n = Math.clamp(need[h], min, max);
            int fireMinute = (h * 60 - leadMinutes + 24 * 60) % (24 * 60);
            Cron cron = Cron.parse(fireMinute % 60 + " " + fireMinute / 60 + " * * *");
            actions.add(new ScheduledAction(cron, ZoneOffset.UTC, n, null, null));
            previous = need[h];
        }
        return actions;
    }

    /** Instances each hour of the day needs; -1 for an hour the trace never reaches. */
    static int[] needs(Trace trace, double perInstance, int leadSeconds) {
        double[] peak = new double[24];
        Arrays.fill(peak, -1);
        for (int t = 0; t < trace.seconds(); t++) {
            // hour h's minimum is in force from lead before h:00 to lead before (h+1):00
            int hour = ((t + leadSeconds) / 3600) % 24;
            peak[hour] = Math.max(peak[hour], trace.rps(t));
        }
        int[] need = new int[24];
        for (int h = 0; h < 24; h++) {
            need[h] = peak[h] < 0 ? -1 : (int) Math.ceil(peak[h] / perInstance - 1e-9);
        }
        return need;
    }
}
