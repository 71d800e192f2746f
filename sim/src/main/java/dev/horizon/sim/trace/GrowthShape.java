package dev.horizon.sim.trace;

import java.util.List;

/**
 * {@code growth}: the seeds' journey from 1,000 to 1,000,000 users, one stage per order of magnitude, each stage
 * {@code stage} long with {@code factor} times the users of the one before.
 *
 * <p>The requests-per-user assumption: each user makes {@code requests-per-user} requests a day (default 100: a few
 * visits of a couple of dozen page and API calls each), spread over the day by a {@link Diurnal} curve whose peak is
 * {@code peak-factor} times the day's mean and whose trough is {@code 2 - peak-factor} times it. So during a stage of
 * {@code u} users the rate at second {@code s} is {@code u × requests-per-user / 86,400 × curve(s)}, and a whole day
 * of the stage has exactly {@code u × requests-per-user} requests. The curve runs on through the stages (second 0 is
 * midnight); {@code peak-factor=1} makes every stage flat.
 */
final class GrowthShape {

    private static final List<Parameter> PARAMETERS = List.of(
        new Parameter("users", "1000", "daily active users in the first stage, 1 or more"),
        new Parameter("factor", "10", "users of each stage over the one before, 1 or more"),
        new Parameter("stages", "4", "how many stages, 1..10 (4: 1k, 10k, 100k, 1M users)"),
        new Parameter("stage", "24h", "length of each stage; stages × stage is at most 744h"),
        new Parameter("requests-per-user", "100", "requests each user makes a day, 0 or more"),
        new Parameter("peak-factor", "1.5", "rps at the daily peak over the day's mean, 1..2"),
        new Parameter("peak-at", "14h", "time of day of the peak, 0s..23h59m59s"),
        new Parameter("trough-at", "4h", "time of day of the trough, not peak-at"));

    /** The shape. */
    static final TraceShape SHAPE = new Shape("growth",
        "users growing by a factor per stage, each making requests-per-user requests a day on a daily curve",
        PARAMETERS, GrowthShape::generate);

    private GrowthShape() {
    }

    private static Trace generate(Arguments arguments) {
        double users = arguments.number("users", 1, Double.MAX_VALUE);
        double factor = arguments.number("factor", 1, Double.MAX_VALUE);
        int stages = arguments.count("stages", 1, 10);
        int stage = arguments.seconds("stage", 1);
        double perUser = arguments.number("requests-per-user", 0, Double.MAX_VALUE) / Diurnal.DAY;
        double peakFactor = arguments.number("peak-factor", 1, 2);
        Diurnal day = Diurnal.of(arguments, 2 - peakFactor, peakFactor);
        if ((long) stages * stage > Trace.MAX_SECONDS) {
            throw arguments.refused("stages × stage", Trace.time((int) Math.min((long) stages * stage,
                Integer.MAX_VALUE)), "at most " + Trace.time(Trace.MAX_SECONDS));
        }
        double[] rps = new double[stages * stage];
        for (int k = 0; k < stages; k++) {
            double mean = users * Math.pow(factor, k) * perUser;
            for (int s = k * stage; s < (k + 1) * stage; s++) {
                rps[s] = mean * day.at(s);
            }
        }
        return Trace.wrap(rps);
    }
}
