package dev.horizon.balance;

import java.util.function.Supplier;
import java.util.random.RandomGenerator;
import org.jspecify.annotations.Nullable;

/**
 * Envoy's least-request balancer.
 *
 * <p>Implementation notes. With equal weights it is the "power of two choices" (Mitzenmacher): draw two distinct
 * endpoints uniformly at random and take the one with fewer {@linkplain EndpointLoad#inFlight() requests in flight}
 * (the first draw on a tie). O(1), no allocation.
 *
 * <p>With unequal weights Envoy schedules by the effective weight {@code weight / (active + 1)^bias} (bias 1.0 by
 * default) with its EDF scheduler, which serves each endpoint in proportion to that weight. This class draws an
 * endpoint at random in exactly that proportion instead: the same shares, but without a scheduler that would need a
 * lock to be shared between threads. It is an O(n) scan. Bias 0 turns it into weighted random; a larger bias steers
 * harder away from busy endpoints.
 */
final class LeastRequest implements LoadBalancer {

    /** Envoy's default {@code active_request_bias}. */
    static final double DEFAULT_ACTIVE_REQUEST_BIAS = 1.0;

    private final Pool pool;
    private final double bias;
    private final Supplier<? extends RandomGenerator> random;

    LeastRequest(Pool pool, double bias, Supplier<? extends RandomGenerator> random) {
        if (!(bias >= 0) || Double.isInfinite(bias)) {
            throw new IllegalArgumentException("active request bias: " + bias + " (expected: finite and >= 0)");
        }
        this.pool = pool;
        this.bias = bias;
        this.random = random;
    }

    @Override
    public @Nullable Endpoint pick(long key) {
        int n = pool.size();
        if (n <= 1) {
            return n == 0 ? null : pool.get(0);
        }
        RandomGenerator r = random.get();
        return pool.equalWeights() ? powerOfTwoChoices(r, n) : byEffectiveWeight(r, n);
    }

    private Endpoint powerOfTwoChoices(RandomGenerator r, int n) {
        int first = r.nextInt(n);
        int second = secondChoice(r, n, first);
        Endpoint a = pool.get(first);
        Endpoint b = pool.get(second);
        return b.load().inFlight() < a.load().inFlight() ? b : a;
    }

    /**
     * A uniformly random index of {@code 0..n-1} other than {@code first} ({@code n >= 2}): one draw over the
     * {@code n - 1} others, so the two choices are distinct without a retry loop.
     */
    static int secondChoice(RandomGenerator r, int n, int first) {
        int second = r.nextInt(n - 1);
        return second >= first ? second + 1 : second;
    }

    private Endpoint byEffectiveWeight(RandomGenerator r, int n) {
        double total = 0;
        for (int i = 0; i < n; i++) {
            total += effectiveWeight(i);
        }
        double target = r.nextDouble() * total;
        for (int i = 0; i < n - 1; i++) {
            target -= effectiveWeight(i);
            if (target < 0) {
                return pool.get(i);
            }
        }
        return pool.get(n - 1);
    }

    private double effectiveWeight(int i) {
        int active = Math.max(0, pool.load(i).inFlight());
        double w = pool.weight(i);
        if (bias == 1.0) {
            return w / (active + 1);
        }
        return bias == 0.0 ? w : w / Math.pow(active + 1, bias);
    }

    @Override
    public Pool pool() {
        return pool;
    }
}
