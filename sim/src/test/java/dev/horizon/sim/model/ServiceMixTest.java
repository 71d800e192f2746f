package dev.horizon.sim.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.horizon.sizing.Cpu;
import java.util.List;
import java.util.random.RandomGenerator;
import java.util.random.RandomGeneratorFactory;
import org.junit.jupiter.api.Test;

/** The hyperexponential mixture of a profile's mix, and the model file's {@code mix} both ways. */
class ServiceMixTest {

    /** The shop's shape: nine short kinds of request in ten, one long (a login). */
    static final List<MixEntry> SHOP = List.of(new MixEntry("GET /products", 90, 4), new MixEntry("POST /login", 10,
        80));

    @Test
    void theMixturesMeanIsTheWeightedMeanAndItsWorkAveragesOneRequest() {
        ServiceMix mix = new ServiceMix(SHOP);
        assertThat(mix.meanMs()).isCloseTo(0.9 * 4 + 0.1 * 80, within(1e-12));
        RandomGenerator random = RandomGeneratorFactory.of("L64X128MixRandom").create(3);
        double sum = 0;
        int n = 1_000_000;
        for (int i = 0; i < n; i++) {
            sum += mix.draw(random);
        }
        // the work's variance is Σ p_i 2 r_i² − 1 ≈ 9.6, so the mean of 10⁶ draws is within 0.3 % of 1 at 3 σ
        assertThat(sum / n).isCloseTo(1, within(0.01));
    }

    @Test
    void itsQuantileSolvesTheClosedFormSurvival() {
        ServiceMix mix = new ServiceMix(SHOP);
        double mean = 11.6;
        double p95 = mix.quantile(0.95);
        // 0.9 e^(−t/4) + 0.1 e^(−t/80) = 0.05 with t in ms: t ≈ 80 ln 2 (the short kind's term is e^(−13.9) there)
        double t = p95 * mean;
        assertThat(0.9 * Math.exp(-t / 4) + 0.1 * Math.exp(-t / 80)).isCloseTo(0.05, within(1e-12));
        assertThat(t).isCloseTo(80 * Math.log(2), within(0.01));
        // the exponential of the same mean has its p95 at 3.0 means: 34.8 ms, against the mixture's 55.5
        assertThat(new ServiceMix(List.of(new MixEntry("all", 1, mean))).quantile(0.95))
            .isCloseTo(-Math.log(0.05), within(1e-9));
    }

    @Test
    void aMixWithoutSpreadsDrawsExactlyAsBeforeTheyWereRecorded() {
        ServiceMix mix = new ServiceMix(SHOP);
        RandomGenerator random = RandomGeneratorFactory.of("L64X128MixRandom").create(9);
        RandomGenerator same = RandomGeneratorFactory.of("L64X128MixRandom").create(9);
        double mean = 90.0 / 100 * 4 + 10.0 / 100 * 80; // as ServiceMix sums it, to the last bit
        double[] relative = {4 / mean, 80 / mean};
        for (int i = 0; i < 1000; i++) {
            // the entry by inversion of the cumulative weights (0.9, 1), then −r ln(1 − U)
            double r = same.nextDouble() < 0.9 ? relative[0] : relative[1];
            assertThat(mix.draw(random)).isEqualTo(-r * Math.log(1 - same.nextDouble()));
        }
    }

    @Test
    void theDrawsFollowTheClosedForm() {
        assertFivePercentOverItsP95(new ServiceMix(SHOP), 5);
    }

    /** 400,000 draws of {@code mix}: 5 % of them over its p95 from the closed form. */
    private static void assertFivePercentOverItsP95(ServiceMix mix, long seed) {
        RandomGenerator random = RandomGeneratorFactory.of("L64X128MixRandom").create(seed);
        double p95 = mix.quantile(0.95);
        int over = 0;
        int n = 400_000;
        for (int i = 0; i < n; i++) {
            over += mix.draw(random) > p95 ? 1 : 0;
        }
        // binomial: 5 % of 400,000 is 20,000 ± 138 (σ); within 4 σ
        assertThat(over).isBetween(19_450, 20_550);
    }

    /** The shop as profiled: the short kinds spread like their hop (cv 0.6), the login nearly constant (cv 0.2). */
    static final List<MixEntry> SPREAD = List.of(new MixEntry("GET /products", 90, 4, 0.6),
        new MixEntry("POST /login", 10, 80, 0.2));

    @Test
    void anEntryWithASpreadIsLognormalWithItsMeanAndCv() {
        ServiceMix mix = new ServiceMix(List.of(new MixEntry("POST /login", 1, 30, 0.2)));
        RandomGenerator random = RandomGeneratorFactory.of("L64X128MixRandom").create(7);
        int n = 1_000_000;
        double sum = 0;
        double squares = 0;
        for (int i = 0; i < n; i++) {
            double w = mix.draw(random);
            sum += w;
            squares += w * w;
        }
        double mean = sum / n;
        // the mean of 10⁶ draws of cv 0.2 is within 0.06 % of 1 at 3 σ; their cv within 0.3 %
        assertThat(mean).isCloseTo(1, within(0.001));
        assertThat(Math.sqrt(squares / n - mean * mean) / mean).isCloseTo(0.2, within(0.001));
        // the lognormal's closed form: s² = ln 1.04, μ = −s²/2; its p95 is e^(μ + 1.6449 s) = 1.3529 means
        double s = Math.sqrt(Math.log(1.04));
        assertThat(mix.quantile(0.95)).isCloseTo(Math.exp(-s * s / 2 + 1.6448536269514722 * s), within(1e-9));
    }

    @Test
    void aNarrowLongKindHoldsTheMixturesTailWhereAnExponentialWouldNot() {
        ServiceMix spread = new ServiceMix(SPREAD);
        double mean = 0.9 * 4 + 0.1 * 80;
        // 5 % over t: the logins' own survival at t must be 0.05 / 0.1 less the short kinds' (≈ 0 past 20 ms), so
        // t is the logins' median, 80 e^(−s²/2) with s² = ln 1.04: 78.45 ms, against the exponentials' 55.5 ms
        double t = spread.quantile(0.95) * mean;
        assertThat(t).isCloseTo(80 / Math.sqrt(1.04), within(0.01));
        assertThat(new ServiceMix(SHOP).quantile(0.95) * mean).isCloseTo(80 * Math.log(2), within(0.01));
        assertFivePercentOverItsP95(spread, 11);
    }

    @Test
    void aConstantEntryIsItsMean() {
        ServiceMix mix = new ServiceMix(List.of(new MixEntry("a", 1, 2, 0), new MixEntry("b", 1, 6, 0)));
        RandomGenerator random = RandomGeneratorFactory.of("L64X128MixRandom").create(1);
        for (int i = 0; i < 100; i++) {
            assertThat(mix.draw(random)).isIn(0.5, 1.5);
        }
        assertThat(mix.survival(0.4)).isEqualTo(1);
        assertThat(mix.survival(1)).isEqualTo(0.5);
        assertThat(mix.survival(1.5)).isEqualTo(0);
    }

    @Test
    void aMixIsNotEmptyAndItsNumbersArePositive() {
        assertThatThrownBy(() -> new ServiceMix(List.of())).hasMessageContaining("mix: no entry");
        assertThatThrownBy(() -> new MixEntry("GET /", 0, 1)).hasMessageContaining("weight: 0.0");
        assertThatThrownBy(() -> new MixEntry("GET /", 1, Double.NaN)).hasMessageContaining("service-time-ms: NaN");
        assertThatThrownBy(() -> new MixEntry("GET /", 1, 2, -0.5)).hasMessage("cv: -0.5 (expected: a number >= 0)");
    }

    @Test
    void theModelFileCarriesTheMixBothWays() {
        CapacityModel model = new CapacityModel("shop", List.of(SizeCurve.of(Cpu.parse("1"),
            new UniversalScalability(0.1, 0.001, 86.2))), SHOP);
        String text = CapacityModelJson.write(model);
        assertThat(text).contains("\"mix\"").contains("\"name\" : \"POST /login\"");
        assertThat(CapacityModelJson.read(text)).isEqualTo(model);
        assertThat(model.serviceMix()).isPresent();
        CapacityModel spread = new CapacityModel("shop", model.curves(), SPREAD);
        String withCv = CapacityModelJson.write(spread);
        assertThat(withCv).contains("\"cv\" : 0.2");
        assertThat(CapacityModelJson.read(withCv)).isEqualTo(spread);
        assertThat(text).doesNotContain("cv");
    }

    @Test
    void aModelFileWithoutAMixStillLoadsAsBefore() {
        String old = "{\"service\": \"shop\", \"sizes\": [{\"cpu\": \"1\", \"lambda\": 100, \"sigma\": 0.1, "
            + "\"kappa\": 0.001}]}";
        CapacityModel model = CapacityModelJson.read(old);
        assertThat(model.mix()).isEmpty();
        assertThat(model.serviceMix()).isEmpty();
        assertThat(CapacityModelJson.write(model)).doesNotContain("mix");
    }

    @Test
    void aWrongMixIsRefusedNamingWhere() {
        String head = "{\"sizes\": [{\"cpu\": \"1\", \"lambda\": 100, \"sigma\": 0.1, \"kappa\": 0}], \"mix\": ";
        assertThatThrownBy(() -> CapacityModelJson.read(head + "3}")).hasMessageStartingWith("mix: 3 (expected");
        assertThatThrownBy(() -> CapacityModelJson.read(head + "[{\"name\": \"a\", \"weight\": 1}]}"))
            .hasMessage("mix[0].service-time-ms: missing (expected: a number)");
        assertThatThrownBy(() -> CapacityModelJson.read(head + "[{\"name\": \"a\", \"wieght\": 1}]}"))
            .hasMessageStartingWith("mix[0].wieght: unknown key");
        assertThatThrownBy(() -> CapacityModelJson.read(head + "[{\"weight\": -1, \"service-time-ms\": 2}]}"))
            .hasMessage("mix[0].weight: -1.0 (expected: a number > 0)");
    }
}
