package dev.horizon.sim.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.horizon.sim.model.SizeCurve;
import dev.horizon.sim.model.UniversalScalability;
import dev.horizon.sizing.Cpu;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The answers on their way back to the gateway come off in the order they arrive (or the gateway gives up on them),
 * each with what it was given.
 */
class RepliesTest {

    private static Instance instance(String id) {
        return new Instance(id, 0, Cpu.millicores(1000), SizeCurve.of(Cpu.millicores(1000),
            new UniversalScalability(0, 0, 100)), new Instance.Work(1, 1), new Requests(), 0);
    }

    @Test
    void answersComeOffEarliestFirstWithTheirOwnFieldsThroughGrowthAndInterleavedPolls() {
        List<Instance> instances = List.of(instance("a"), instance("b"), instance("c"));
        Replies replies = new Replies();
        PriorityQueue<double[]> oracle = new PriorityQueue<>((x, y) -> Double.compare(x[0], y[0]));
        SplittableRandom random = new SplittableRandom(42);
        List<Double> out = new ArrayList<>();
        assertThat(replies.next()).isEqualTo(Double.POSITIVE_INFINITY);
        for (int step = 0; step < 5_000; step++) {
            if (random.nextInt(3) > 0 || replies.size() == 0) { // grows past its first 64 places
                double when = random.nextDouble(100);
                int k = random.nextInt(instances.size());
                boolean timesOut = random.nextBoolean();
                if (timesOut) {
                    replies.addTimeout(when, when / 10, instances.get(k), when / 100, k + (int) when);
                } else {
                    replies.add(when, when / 10, instances.get(k), when / 100, k + (int) when);
                }
                oracle.add(new double[] {when, k, timesOut ? 1 : 0});
            } else {
                double[] first = oracle.poll();
                double when = first[0];
                assertThat(replies.next()).isEqualTo(when);
                assertThat(replies.latency()).isEqualTo(when / 10);
                assertThat(replies.admitted()).isEqualTo(when / 100);
                assertThat(replies.inflightAtAdmission()).isEqualTo((int) first[1] + (int) when);
                assertThat(replies.instance()).isSameAs(instances.get((int) first[1]));
                assertThat(replies.timesOut()).isEqualTo(first[2] == 1);
                replies.poll();
                out.add(when);
            }
            assertThat(replies.size()).isEqualTo(oracle.size());
        }
        while (replies.size() > 0) {
            assertThat(replies.next()).isEqualTo(oracle.poll()[0]);
            replies.poll();
        }
        assertThat(oracle).isEmpty();
        assertThat(replies.next()).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(out).hasSizeGreaterThan(1_000);
    }
}
