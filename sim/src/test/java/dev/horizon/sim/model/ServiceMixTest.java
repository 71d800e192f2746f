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
    void theDrawsFollowTheClosedForm() {
        ServiceMix mix = new ServiceMix(SHOP);
        RandomGenerator random = RandomGeneratorFactory.of("L64X128MixRandom").create(5);
        double p95 = mix.quantile(0.95);
        int over = 0;
        int n = 400_000;
        for (int i = 0; i < n; i++) {
            over += mix.draw(random) > p95 ? 1 : 0;
        }
        // binomial: 5 % of 400,000 is 20,000 ± 138 (σ); within 4 σ
        assertThat(over).isBetween(19_450, 20_550);
    }

    @Test
    void aMixIsNotEmptyAndItsNumbersArePositive() {
        assertThatThrownBy(() -> new ServiceMix(List.of())).hasMessageContaining("mix: no entry");
        assertThatThrownBy(() -> new MixEntry("GET /", 0, 1)).hasMessageContaining("weight: 0.0");
        assertThatThrownBy(() -> new MixEntry("GET /", 1, Double.NaN)).hasMessageContaining("service-time-ms: NaN");
    }

    @Test
    void theModelFileCarriesTheMixBothWays() {
        CapacityModel model = new CapacityModel("shop", List.of(SizeCurve.of(Cpu.parse("1"),
            new UniversalScalability(0.1, 0.001, 86.2))), SHOP);
        String text = CapacityModelJson.write(model);
        assertThat(text).contains("\"mix\"").contains("\"name\" : \"POST /login\"");
        assertThat(CapacityModelJson.read(text)).isEqualTo(model);
        assertThat(model.serviceMix()).isPresent();
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
