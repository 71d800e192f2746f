package dev.horizon.limit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every limit, on seeded random samples: it starts at min, stays within [min, max] and is a function of its input. */
class ConcurrencyLimitContractTest {

    private static final long MS = 1_000_000L;

    static Stream<Arguments> limits() {
        return Stream.of(
            Arguments.of("fixed", (Supplier<ConcurrencyLimit>) () -> ConcurrencyLimit.fixed(12), 12, 12),
            Arguments.of("gradient2", (Supplier<ConcurrencyLimit>) () -> ConcurrencyLimit.gradient2(5, 60), 5, 60),
            Arguments.of("aimd", (Supplier<ConcurrencyLimit>) () -> ConcurrencyLimit.aimd(5, 60,
                Duration.ofMillis(80)), 5, 60));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("limits")
    void startsAtMinAndStaysWithinItsBoundsWhateverTheSamples(String name, Supplier<ConcurrencyLimit> factory,
        int min, int max) {
        ConcurrencyLimit limit = factory.get();
        ConcurrencyLimit twin = factory.get();
        assertThat(limit.limit()).isEqualTo(min);
        SplittableRandom random = new SplittableRandom(17);
        long now = 0;
        for (int i = 0; i < 20_000; i++) {
            now += random.nextLong(1, 5 * MS);
            long rtt = random.nextLong(1, 100 * MS);
            int inflight = random.nextInt(0, 80);
            boolean dropped = random.nextInt(50) == 0;
            limit.onSample(now, rtt, inflight, dropped);
            twin.onSample(now, rtt, inflight, dropped);
            assertThat(limit.limit()).as("%s after sample %d", name, i).isBetween(min, max)
                .isEqualTo(twin.limit());
        }
    }
}
