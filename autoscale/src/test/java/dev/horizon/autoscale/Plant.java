package dev.horizon.autoscale;

import dev.horizon.sizing.Cpu;
import dev.horizon.sizing.Resources;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.IntToDoubleFunction;

/**
 * The simplest service there is: a total CPU demand spread evenly over its instances, so utilization is
 * {@code demand / (count × cpu)}, and every decision applied at once. Drives an {@link Autoscaler} period by period.
 */
final class Plant {

    static final Instant T0 = Instant.parse("2030-01-07T12:00:00Z");
    static final MetricSpec CPU = new MetricSpec("cpu", new MetricTarget.Utilization(70));

    private final Autoscaler autoscaler;
    private final Duration period;
    private Resources size;
    private int count;
    private final List<Decision> decisions = new ArrayList<>();

    Plant(Autoscaler autoscaler, Resources size, int count) {
        this.autoscaler = autoscaler;
        this.period = autoscaler.policy().period();
        this.size = size;
        this.count = count;
    }

    /** Runs {@code periods} evaluations with the demand of each (millicores, by period index); the pairs after each. */
    List<String> run(int periods, IntToDoubleFunction demand) {
        List<String> shapes = new ArrayList<>();
        for (int i = 0; i < periods; i++) {
            step(demand.applyAsDouble(i));
            shapes.add(shape());
        }
        return shapes;
    }

    /** {@code shapes} with repeats folded: {@code [1×500m (2), 1×1000m, 3×2000m (6)]}. */
    static List<String> runs(List<String> shapes) {
        List<String> out = new ArrayList<>();
        int i = 0;
        while (i < shapes.size()) {
            int j = i;
            while (j < shapes.size() && shapes.get(j).equals(shapes.get(i))) {
                j++;
            }
            out.add(j - i == 1 ? shapes.get(i) : shapes.get(i) + " (" + (j - i) + ")");
            i = j;
        }
        return out;
    }

    /** One evaluation at {@code demand} millicores in total. */
    Decision step(double demand) {
        Instant now = T0.plus(period.multipliedBy(decisions.size()));
        long cpu = size.cpu() == null ? 0 : size.cpu().millicores();
        List<InstanceSample> samples = new ArrayList<>();
        List<InstanceUsage> usage = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            samples.add(InstanceSample.usage("i" + i, demand / count, cpu));
            usage.add(new InstanceUsage("i" + i, demand / count, null));
        }
        Decision d = autoscaler.evaluate(now, new Shape(size, count), Map.of("cpu", MetricReading.of(samples)),
            FleetFacts.steady(count), usage);
        decisions.add(d);
        size = d.sizing().after();
        count = d.desired();
        return d;
    }

    /** {@code 2×500m}. */
    String shape() {
        Cpu cpu = size.cpu();
        return count + "×" + cpu;
    }

    List<Decision> decisions() {
        return decisions;
    }
}
