package dev.horizon.balance;

import static dev.horizon.balance.Fixtures.pool;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;
import static org.assertj.core.api.Assertions.within;

import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class RandomPickTest {

    @Test
    void equalWeightsAreUniform() {
        LoadBalancer random = LoadBalancer.random(pool("a", "b", "c", "d", "e"), Fixtures.seeded(21));
        int[] counts = new int[5];
        for (int i = 0; i < 100_000; i++) {
            counts[Fixtures.picked(random).id().charAt(0) - 'a']++;
        }

        for (int c : counts) {
            assertThat(c / 100_000.0).isCloseTo(0.2, offset(0.005));
        }
    }

    @Test
    void sameSeedSamePicks() {
        Pool pool = pool("a:1", "b:2", "c:3");

        assertThat(Fixtures.sequence(LoadBalancer.random(pool, Fixtures.seeded(5)), 50))
            .isEqualTo(Fixtures.sequence(LoadBalancer.random(pool, Fixtures.seeded(5)), 50));
    }

    /**
     * The alias table against its definition, for 500 random weight sets: endpoint i is chosen with probability
     * {@code prob[i]/n + Σ_{j: alias[j] = i} (1 - prob[j])/n}, which must equal {@code w_i / Σw}.
     */
    @Test
    void aliasTableGivesEveryEndpointExactlyItsWeightShare() throws ReflectiveOperationException {
        SplittableRandom random = new SplittableRandom(17);
        for (int round = 0; round < 500; round++) {
            int n = 2 + random.nextInt(40);
            List<String> specs = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                specs.add("e" + i + ":" + (1 + random.nextInt(1000)));
            }
            Pool pool = pool(specs.toArray(String[]::new));
            RandomPick pick = new RandomPick(pool, Fixtures.seeded(1));
            double[] probability = (double[]) field("probability").get(pick);
            int[] alias = (int[]) field("alias").get(pick);
            if (pool.equalWeights()) {
                continue;
            }
            double[] implied = new double[n];
            for (int column = 0; column < n; column++) {
                implied[column] += probability[column] / n;
                implied[alias[column]] += (1 - probability[column]) / n;
            }
            for (int i = 0; i < n; i++) {
                assertThat(implied[i]).isCloseTo(pool.weight(i) / pool.totalWeight(), within(1e-12));
            }
        }
    }

    private static Field field(String name) throws NoSuchFieldException {
        Field f = RandomPick.class.getDeclaredField(name);
        f.setAccessible(true);
        return f;
    }
}
