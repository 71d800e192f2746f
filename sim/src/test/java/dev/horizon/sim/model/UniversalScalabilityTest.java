package dev.horizon.sim.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import org.assertj.core.data.Percentage;
import org.junit.jupiter.api.Test;

/**
 * The USL against the published data set: the Cisco benchmark of B. Schwartz, <i>Practical Scalability Analysis with
 * the Universal Scalability Law</i> (2015), with the coefficients the book lists for its fit, to the 0.02 % that
 * {@code codahale/usl4j} holds itself to on the same data.
 */
class UniversalScalabilityTest {

    /** Concurrency 1..32 and the measured throughput in requests per second. */
    static final double[][] CISCO = {
        {1, 955.16}, {2, 1878.91}, {3, 2688.01}, {4, 3548.68}, {5, 4315.54}, {6, 5130.43}, {7, 5931.37},
        {8, 6531.08}, {9, 7219.8}, {10, 7867.61}, {11, 8278.71}, {12, 8646.7}, {13, 9047.84}, {14, 9426.55},
        {15, 9645.37}, {16, 9897.24}, {17, 10097.6}, {18, 10240.5}, {19, 10532.39}, {20, 10798.52},
        {21, 11151.43}, {22, 11518.63}, {23, 11806}, {24, 12089.37}, {25, 12075.41}, {26, 12177.29},
        {27, 12211.41}, {28, 12158.93}, {29, 12155.27}, {30, 12118.04}, {31, 12140.4}, {32, 12074.39}};

    private static final double BOOK_SIGMA = 0.02671591;
    private static final double BOOK_KAPPA = 7.690945e-4;
    private static final double BOOK_LAMBDA = 995.6486;
    private static final long BOOK_PEAK_CONCURRENCY = 35;
    private static final double BOOK_PEAK_THROUGHPUT = 12341;
    private static final Percentage BOOK = Percentage.withPercentage(0.02);

    static List<Measurement> cisco() {
        List<Measurement> points = new ArrayList<>();
        for (double[] p : CISCO) {
            points.add(new Measurement(p[0], p[1]));
        }
        return points;
    }

    @Test
    void fitsTheBooksCoefficientsOnTheCiscoData() {
        UniversalScalability usl = UniversalScalability.fit(cisco());
        assertThat(usl.sigma()).isCloseTo(BOOK_SIGMA, BOOK);
        assertThat(usl.kappa()).isCloseTo(BOOK_KAPPA, BOOK);
        assertThat(usl.lambda()).isCloseTo(BOOK_LAMBDA, BOOK);
        assertThat(usl.peakConcurrency()).hasValue(BOOK_PEAK_CONCURRENCY);
        assertThat(usl.peakThroughput().orElseThrow()).isCloseTo(BOOK_PEAK_THROUGHPUT, BOOK);
    }

    @Test
    void predictsThroughputAndLatencyAsTheBookModelDoes() {
        // the book's coefficients: X(1) = λ; X(20) = 995.6486·20 / (1 + 0.02671591·19 + 7.690945e-4·380) = 11063.634
        UniversalScalability usl = new UniversalScalability(BOOK_SIGMA, BOOK_KAPPA, BOOK_LAMBDA);
        assertThat(usl.throughput(1)).isCloseTo(995.6486, within(1e-9));
        assertThat(usl.throughput(20)).isCloseTo(11063.634, within(1e-3));
        assertThat(usl.throughput(35)).isCloseTo(12341.745, within(1e-3));
        // R(N) = N / X(N): 1/995.6486 = 1.004370ms at N = 1, 20/11063.634 = 1.807724ms at N = 20
        assertThat(usl.latency(1)).isCloseTo(1 / 995.6486, within(1e-12));
        assertThat(usl.latency(20)).isCloseTo(20 / usl.throughput(20), within(1e-15));
        assertThat(usl.latency(20)).isCloseTo(0.001807724, within(1e-9));
    }

    @Test
    void recoversExactCoefficientsFromNoiselessPoints() {
        UniversalScalability truth = new UniversalScalability(0.05, 0.002, 120);
        List<Measurement> points = new ArrayList<>();
        for (int n = 1; n <= 40; n += 3) {
            points.add(new Measurement(n, truth.throughput(n)));
        }
        UniversalScalability fit = UniversalScalability.fit(points);
        assertThat(fit.sigma()).isCloseTo(0.05, within(1e-9));
        assertThat(fit.kappa()).isCloseTo(0.002, within(1e-11));
        assertThat(fit.lambda()).isCloseTo(120, within(1e-7));
        // N* = floor(sqrt(0.95 / 0.002)) = floor(21.79) = 21
        assertThat(fit.peakConcurrency()).hasValue(21);
    }

    @Test
    void fromOneKeepsTheLoneRequestsThroughputAsLambdaAndFitsTheRest() {
        UniversalScalability truth = new UniversalScalability(0.05, 0.002, 120);
        List<Measurement> points = new ArrayList<>();
        for (int n = 1; n <= 40; n += 3) {
            points.add(new Measurement(n, truth.throughput(n)));
        }
        UniversalScalability exact = UniversalScalability.fitFromOne(points);
        assertThat(exact.lambda()).isEqualTo(120);
        assertThat(exact.sigma()).isCloseTo(0.05, within(1e-9));
        assertThat(exact.kappa()).isCloseTo(0.002, within(1e-11));

        // a lone request measured slow (90 rather than 120): λ stays 90 exactly, where the free fit moves it
        points.set(0, new Measurement(1, 90));
        UniversalScalability anchored = UniversalScalability.fitFromOne(points);
        assertThat(anchored.lambda()).isEqualTo(90);
        assertThat(UniversalScalability.fit(points).lambda()).isGreaterThan(100);
        // its σ and κ are a least-squares optimum with λ held: a step either way only adds to the squared error
        double best = squaredError(anchored, points);
        for (double[] step : new double[][] {{1e-4, 0}, {-1e-4, 0}, {0, 1e-6}, {0, -1e-6}}) {
            UniversalScalability moved = new UniversalScalability(anchored.sigma() + step[0],
                anchored.kappa() + step[1], 90);
            assertThat(squaredError(moved, points)).isGreaterThan(best);
        }
        assertThatThrownBy(() -> UniversalScalability.fitFromOne(points.subList(1, points.size())))
            .hasMessage("USL fit: no measurement at concurrency 1 (expected: one, whose throughput is λ)");
    }

    private static double squaredError(UniversalScalability usl, List<Measurement> points) {
        double sum = 0;
        for (Measurement m : points) {
            double r = m.throughput() - usl.throughput(m.concurrency());
            sum += r * r;
        }
        return sum;
    }

    @Test
    void keepsCoefficientsAtZeroWhenTheDataWouldMakeThemNegative() {
        // super-linear: X(N) = 100·N^1.1 would need σ < 0; linear scaling has κ = 0 and no peak
        List<Measurement> superLinear = new ArrayList<>();
        List<Measurement> linear = new ArrayList<>();
        for (int n = 1; n <= 8; n++) {
            superLinear.add(new Measurement(n, 100 * Math.pow(n, 1.1)));
            linear.add(new Measurement(n, 100.0 * n));
        }
        UniversalScalability fit = UniversalScalability.fit(superLinear);
        assertThat(fit.sigma()).isZero();
        assertThat(fit.kappa()).isZero();
        UniversalScalability flat = UniversalScalability.fit(linear);
        assertThat(flat.sigma()).isZero();
        assertThat(flat.kappa()).isZero();
        assertThat(flat.lambda()).isCloseTo(100, within(1e-9));
        assertThat(flat.peakConcurrency()).isEmpty();
        assertThat(flat.peakThroughput()).isEmpty();
    }

    @Test
    void refusesFewerThanSixMeasurements() {
        assertThatThrownBy(() -> UniversalScalability.fit(cisco().subList(0, 5)))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessage("USL fit: 5 measurements (expected: at least 6)");
        assertThatThrownBy(() -> UniversalScalability.fit(List.of()))
            .hasMessage("USL fit: 0 measurements (expected: at least 6)");
    }

    @Test
    void refusesFewerThanThreeDistinctConcurrencies() {
        List<Measurement> two = List.of(new Measurement(1, 10), new Measurement(1, 11), new Measurement(2, 19),
            new Measurement(2, 20), new Measurement(1, 10), new Measurement(2, 21));
        assertThatThrownBy(() -> UniversalScalability.fit(two))
            .hasMessage("USL fit: 2 distinct concurrencies (expected: at least 3, one per coefficient)");
    }

    @Test
    void refusesCoefficientsOutOfRange() {
        assertThatThrownBy(() -> new UniversalScalability(1.5, 0, 1)).hasMessage("sigma: 1.5 (expected: 0 ≤ σ ≤ 1)");
        assertThatThrownBy(() -> new UniversalScalability(0, -1e-3, 1))
            .hasMessage("kappa: -0.001 (expected: κ ≥ 0)");
        assertThatThrownBy(() -> new UniversalScalability(0, 0, 0))
            .hasMessage("lambda: 0.0 (expected: λ > 0 requests per second)");
    }
}
