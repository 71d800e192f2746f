package dev.horizon.balance;

import static dev.horizon.balance.Fixtures.pool;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.offset;

import java.util.ArrayDeque;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class LeastRequestTest {

    @Test
    void picksTheLessLoadedOfItsTwoDraws() {
        Pool pool = pool("e0", "e1", "e2", "e3", "e4", "e5", "e6", "e7", "e8", "e9");
        int[] inFlight = {7, 3, 9, 0, 5, 1, 8, 2, 6, 4};
        for (int i = 0; i < 10; i++) {
            setInFlight(pool.get(i), inFlight[i]);
        }
        LoadBalancer p2c = LoadBalancer.leastRequest(pool, Fixtures.seeded(99));
        SplittableRandom replay = new SplittableRandom(99);

        for (int pick = 0; pick < 1_000; pick++) {
            int first = replay.nextInt(10);
            int second = replay.nextInt(9);
            second += second >= first ? 1 : 0;
            int expected = inFlight[second] < inFlight[first] ? second : first;
            assertThat(p2c.pick()).isSameAs(pool.get(expected));
        }
    }

    @Test
    void drawsTwoDistinctEndpointsSoTheBusierOfTwoIsNeverPicked() {
        Pool pool = pool("busy", "idle");
        setInFlight(pool.get(0), 5);
        LoadBalancer p2c = LoadBalancer.leastRequest(pool, Fixtures.seeded(1));

        for (int i = 0; i < 1_000; i++) {
            assertThat(p2c.pick()).isSameAs(pool.get(1));
        }
    }

    @Test
    void leastLoadedOfTenGetsTwoTenthsAndMostLoadedNothing() {
        Pool pool = pool("e0", "e1", "e2", "e3", "e4", "e5", "e6", "e7", "e8", "e9");
        for (int i = 0; i < 10; i++) {
            setInFlight(pool.get(i), i);
        }
        LoadBalancer p2c = LoadBalancer.leastRequest(pool, Fixtures.seeded(5));
        int[] counts = new int[10];
        for (int i = 0; i < 100_000; i++) {
            counts[Integer.parseInt(Fixtures.picked(p2c).id().substring(1))]++;
        }

        // e0 wins every pair it is drawn into: P = 1 - C(9,2)/C(10,2) = 0.2; e9 loses every pair
        assertThat(counts[0] / 100_000.0).isCloseTo(0.2, offset(0.005));
        assertThat(counts[9]).isZero();
    }

    @Test
    void unequalWeightsUseEffectiveWeightOverActiveRequests() {
        // weights 1,2,3,4 with 0,1,2,3 requests in flight: effective weights 1/1, 2/2, 3/3, 4/4 -> equal shares
        Pool pool = pool("a:1", "b:2", "c:3", "d:4");
        for (int i = 0; i < 4; i++) {
            setInFlight(pool.get(i), i);
        }

        assertThat(shares(LoadBalancer.leastRequest(pool, Fixtures.seeded(3)), 100_000))
            .containsExactly(new double[] {0.25, 0.25, 0.25, 0.25}, offset(0.006));
        // bias 2: 1/1, 2/4, 3/9, 4/16 = 12:6:4:3 of 25
        assertThat(shares(LoadBalancer.leastRequest(pool, 2.0, Fixtures.seeded(3)), 100_000))
            .containsExactly(new double[] {0.48, 0.24, 0.16, 0.12}, offset(0.006));
        // bias 0: the weights alone
        assertThat(shares(LoadBalancer.leastRequest(pool, 0.0, Fixtures.seeded(3)), 100_000))
            .containsExactly(new double[] {0.1, 0.2, 0.3, 0.4}, offset(0.006));
    }

    @Test
    void underSustainedLoadWeightsAreSoftenedAsEnvoysFormulaImplies() {
        // A closed loop keeps 64 requests in flight, so by Little's law an endpoint picked with probability p holds
        // about 64p of them. The shares settle where p_i is proportional to w_i / (64 p_i + 1); solving that fixed
        // point for weights 1:2:3:4 gives 0.1601, 0.2295, 0.2828, 0.3277 (roughly the square roots of the weights).
        Pool pool = pool("a:1", "b:2", "c:3", "d:4");
        LoadBalancer balancer = LoadBalancer.leastRequest(pool, Fixtures.seeded(4));
        ArrayDeque<Endpoint> open = new ArrayDeque<>();
        int[] counts = new int[4];
        for (int i = 0; i < 100_000; i++) {
            Endpoint e = Fixtures.picked(balancer);
            counts[e.id().charAt(0) - 'a']++;
            e.load().requestStarted();
            open.addLast(e);
            if (open.size() > 64) {
                open.removeFirst().load().requestFinished();
            }
        }

        assertThat(new double[] {counts[0] / 1e5, counts[1] / 1e5, counts[2] / 1e5, counts[3] / 1e5})
            .containsExactly(new double[] {0.1601, 0.2295, 0.2828, 0.3277}, offset(0.01));
    }

    @Test
    void rejectsANegativeOrNonFiniteBias() {
        assertThatThrownBy(() -> LoadBalancer.leastRequest(pool("a"), -1.0, Fixtures.seeded(1)))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessage("active request bias: -1.0 (expected: finite and >= 0)");
        assertThatThrownBy(() -> LoadBalancer.leastRequest(pool("a"), Double.NaN, Fixtures.seeded(1)))
            .hasMessage("active request bias: NaN (expected: finite and >= 0)");
    }

    static void setInFlight(Endpoint e, int n) {
        for (int i = 0; i < n; i++) {
            e.load().requestStarted();
        }
    }

    private static double[] shares(LoadBalancer balancer, int picks) {
        Pool pool = balancer.pool();
        double[] shares = new double[pool.size()];
        for (int i = 0; i < picks; i++) {
            shares[pool.eligible().indexOf(balancer.pick())] += 1.0 / picks;
        }
        return shares;
    }
}
