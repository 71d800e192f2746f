package dev.horizon.sim.model;

import java.util.List;
import org.hipparchus.exception.MathIllegalStateException;
import org.hipparchus.linear.Array2DRowRealMatrix;
import org.hipparchus.linear.ArrayRealVector;
import org.hipparchus.linear.RealMatrix;
import org.hipparchus.linear.RealVector;
import org.hipparchus.optim.nonlinear.vector.leastsquares.LeastSquaresBuilder;
import org.hipparchus.optim.nonlinear.vector.leastsquares.LeastSquaresProblem;
import org.hipparchus.optim.nonlinear.vector.leastsquares.LevenbergMarquardtOptimizer;
import org.hipparchus.util.Pair;

/**
 * The non-linear least-squares fit of {@code σ, κ, λ} to measured {@code (N, X)} points.
 *
 * <p>Implementation notes: Levenberg-Marquardt (Hipparchus, MINPACK's algorithm) minimises
 * {@code Σ (X_i − λN_i / D_i)²} with {@code D_i = 1 + σ(N_i−1) + κN_i(N_i−1)} and the analytic Jacobian
 * {@code ∂X/∂σ = −λN(N−1)/D²}, {@code ∂X/∂κ = −λN²(N−1)/D²}, {@code ∂X/∂λ = N/D}. The constraints are kept by
 * clamping each trial point ({@code σ} into {@code [0, 1)}, {@code κ ≥ 0}, {@code λ > 0}); a coefficient the data
 * push below 0 ends at 0. The start is Gunther's linearisation (the regression method of <i>Guerrilla Capacity
 * Planning</i>): with {@code λ₀} the best per-worker throughput measured, {@code N λ₀ / X − 1 = σ(N−1) + κN(N−1)}
 * is linear in {@code σ, κ}, solved by its 2×2 normal equations. Everything is deterministic.
 *
 * <p>{@link #fitFromOne} is Gunther's own procedure (<i>Guerrilla Capacity Planning</i>, 2007: the relative
 * capacity {@code C(N) = X(N)/X(1)}): {@code λ} is the throughput measured at concurrency 1 and only {@code σ, κ} are
 * fitted, with the same optimizer and Jacobian columns, the linearised start taken at that {@code λ}. Where a point
 * is above {@code λN} (super-linear: a lone request's round trip idles the service) no {@code σ, κ ≥ 0} reaches it
 * and the fit keeps the best it can. A free fit lets the points at high concurrency, whose
 * throughputs are the largest, pull {@code λ} far from what one request alone measured; the anchored one keeps the
 * single-request speed the simulator serves a lone request at.
 */
final class UslFit {

    private static final double SIGMA_BELOW_ONE = 1 - 1e-9;
    private static final double LAMBDA_FLOOR = 1e-12;
    private static final int MAX_EVALUATIONS = 10_000;

    private UslFit() {
    }

    static UniversalScalability fit(List<Measurement> measurements) {
        validate(measurements);
        double[] concurrency = measurements.stream().mapToDouble(Measurement::concurrency).toArray();
        double[] throughput = measurements.stream().mapToDouble(Measurement::throughput).toArray();
        RealVector p = optimize(new LeastSquaresBuilder()
            .model(point -> evaluate(point, concurrency))
            .target(throughput)
            .start(start(concurrency, throughput, Double.NaN))
            .parameterValidator(UslFit::clamp));
        return new UniversalScalability(p.getEntry(0), p.getEntry(1), p.getEntry(2));
    }

    /**
     * {@code σ, κ} fitted with {@code λ} the mean throughput measured at concurrency 1.
     *
     * @throws IllegalArgumentException as {@link #fit}, or when no measurement is at concurrency 1
     */
    static UniversalScalability fitFromOne(List<Measurement> measurements) {
        validate(measurements);
        double lambda = measurements.stream().filter(m -> m.concurrency() == 1).mapToDouble(Measurement::throughput)
            .average().orElseThrow(() -> new IllegalArgumentException(
                "USL fit: no measurement at concurrency 1 (expected: one, whose throughput is λ)"));
        if (!(lambda > 0)) {
            throw new IllegalArgumentException("USL fit: throughput " + lambda + " at concurrency 1 (expected: > 0)");
        }
        double[] concurrency = measurements.stream().mapToDouble(Measurement::concurrency).toArray();
        double[] throughput = measurements.stream().mapToDouble(Measurement::throughput).toArray();
        double[] start = start(concurrency, throughput, lambda);
        RealVector p = optimize(new LeastSquaresBuilder()
            .model(point -> {
                Pair<RealVector, RealMatrix> full = evaluate(new ArrayRealVector(new double[] {
                    point.getEntry(0), point.getEntry(1), lambda}), concurrency);
                return new Pair<>(full.getFirst(), full.getSecond().getSubMatrix(0, concurrency.length - 1, 0, 1));
            })
            .target(throughput)
            .start(new double[] {start[0], start[1]})
            .parameterValidator(point -> clamp(new ArrayRealVector(new double[] {
                point.getEntry(0), point.getEntry(1), lambda})).getSubVector(0, 2)));
        return new UniversalScalability(p.getEntry(0), p.getEntry(1), lambda);
    }

    private static void validate(List<Measurement> measurements) {
        int n = measurements.size();
        if (n < UniversalScalability.MIN_MEASUREMENTS) {
            throw new IllegalArgumentException("USL fit: " + n + " measurement" + (n == 1 ? "" : "s")
                + " (expected: at least " + UniversalScalability.MIN_MEASUREMENTS + ")");
        }
        long distinct = measurements.stream().mapToDouble(Measurement::concurrency).distinct().count();
        if (distinct < 3) {
            throw new IllegalArgumentException("USL fit: " + distinct + " distinct concurrenc"
                + (distinct == 1 ? "y" : "ies") + " (expected: at least 3, one per coefficient)");
        }
    }

    private static RealVector optimize(LeastSquaresBuilder problem) {
        LeastSquaresProblem built = problem.maxEvaluations(MAX_EVALUATIONS).maxIterations(MAX_EVALUATIONS).build();
        try {
            return new LevenbergMarquardtOptimizer().optimize(built).getPoint();
        } catch (MathIllegalStateException e) {
            throw new IllegalArgumentException("USL fit: did not converge (" + e.getMessage() + ")", e);
        }
    }

    /** The model's throughputs at every concurrency and its Jacobian, at {@code (σ, κ, λ)}. */
    private static Pair<RealVector, RealMatrix> evaluate(RealVector point, double[] concurrency) {
        double sigma = point.getEntry(0);
        double kappa = point.getEntry(1);
        double lambda = point.getEntry(2);
        RealVector value = new ArrayRealVector(concurrency.length);
        RealMatrix jacobian = new Array2DRowRealMatrix(concurrency.length, 3);
        for (int i = 0; i < concurrency.length; i++) {
            double n = concurrency[i];
            double d = 1 + sigma * (n - 1) + kappa * n * (n - 1);
            value.setEntry(i, lambda * n / d);
            jacobian.setEntry(i, 0, -lambda * n * (n - 1) / (d * d));
            jacobian.setEntry(i, 1, -lambda * n * n * (n - 1) / (d * d));
            jacobian.setEntry(i, 2, n / d);
        }
        return new Pair<>(value, jacobian);
    }

    private static RealVector clamp(RealVector point) {
        return new ArrayRealVector(new double[] {
            Math.min(Math.max(point.getEntry(0), 0), SIGMA_BELOW_ONE),
            Math.max(point.getEntry(1), 0),
            Math.max(point.getEntry(2), LAMBDA_FLOOR)});
    }

    /**
     * The linearised start: {@code λ₀ = max X/N} (or {@code fixed}, when it is a number), then {@code σ, κ} from the
     * 2×2 normal equations.
     */
    private static double[] start(double[] concurrency, double[] throughput, double fixed) {
        double lambda = LAMBDA_FLOOR;
        for (int i = 0; i < concurrency.length; i++) {
            lambda = Math.max(lambda, throughput[i] / concurrency[i]);
        }
        if (!Double.isNaN(fixed)) {
            lambda = fixed;
        }
        double saa = 0;
        double sab = 0;
        double sbb = 0;
        double say = 0;
        double sby = 0;
        for (int i = 0; i < concurrency.length; i++) {
            if (throughput[i] <= 0) {
                continue;
            }
            double n = concurrency[i];
            double a = n - 1;
            double b = n * (n - 1);
            double y = n * lambda / throughput[i] - 1;
            saa += a * a;
            sab += a * b;
            sbb += b * b;
            say += a * y;
            sby += b * y;
        }
        double det = saa * sbb - sab * sab;
        double sigma = det == 0 ? 0 : (say * sbb - sby * sab) / det;
        double kappa = det == 0 ? 0 : (sby * saa - say * sab) / det;
        return clamp(new ArrayRealVector(new double[] {sigma, kappa, lambda})).toArray();
    }
}
