package dev.horizon.deploy;

import dev.horizon.duration.DurationText;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * One step of a canary: send {@code weightBasisPoints} of every 10,000 requests to the new revision, then hold for
 * {@code pause} — Argo Rollouts' {@code setWeight} followed by {@code pause: {duration}}. {@code horizon.yaml} writes
 * the weight as a percentage: {@code { weight: 5, pause: 1m }} is 500 basis points for one minute, and
 * {@code weight: 2.5} is 250.
 *
 * <p>Without a pause the step ends after its first passing analysis (or at once when the analysis is off); with one it
 * ends when the pause has elapsed, longer by one analysis interval per inconclusive verdict. See {@link CanaryRun}.
 *
 * @param weightBasisPoints the new revision's share of the requests, 0..10000 basis points (0%..100%)
 * @param pause             how long to hold this weight, or null for no pause
 */
public record Step(int weightBasisPoints, @Nullable Duration pause) {

    /** All of the requests: 100% in basis points. */
    public static final int ALL = 10_000;

    private static final Pattern PERCENT = Pattern.compile("[0-9]{1,3}(\\.[0-9]{1,2})?");

    /** Validates, with messages that name the {@code horizon.yaml} keys. */
    public Step {
        if (weightBasisPoints < 0 || weightBasisPoints > ALL) {
            throw new IllegalArgumentException("weight: " + percent(weightBasisPoints) + " (expected: 0..100)");
        }
        if (pause != null && pause.isNegative()) {
            throw new IllegalArgumentException("pause: " + DurationText.format(pause) + " (expected: >= 0s)");
        }
    }

    /** A step of {@code weightBasisPoints} without a pause. */
    public static Step of(int weightBasisPoints) {
        return new Step(weightBasisPoints, null);
    }

    /** A step of {@code weightBasisPoints} held for {@code pause}. */
    public static Step of(int weightBasisPoints, Duration pause) {
        return new Step(weightBasisPoints, pause);
    }

    /**
     * The basis points a percentage written as {@code horizon.yaml} writes it stands for: {@code 5} is 500,
     * {@code 2.5} is 250, {@code 0.01} is 1.
     *
     * @throws IllegalArgumentException {@code weight: '2.555' (expected: a percentage 0..100 with at most 2
     *                                  decimals, like 5 or 2.5)}
     */
    public static int basisPoints(String percent) {
        if (!PERCENT.matcher(percent).matches()) {
            throw new IllegalArgumentException("weight: '" + percent + "' (expected: a percentage 0..100 with at most "
                + "2 decimals, like 5 or 2.5)");
        }
        int points = new BigDecimal(percent).movePointRight(2).intValueExact();
        if (points > ALL) {
            throw new IllegalArgumentException("weight: '" + percent + "' (expected: 0..100)");
        }
        return points;
    }

    /** {@code basisPoints} as a percentage, as the file writes it: 500 is {@code 5%}, 250 is {@code 2.5%}. */
    public static String percent(int basisPoints) {
        return BigDecimal.valueOf(basisPoints).movePointLeft(2).stripTrailingZeros().toPlainString() + "%";
    }
}
