package dev.horizon.deploy;

/**
 * The verdicts of one rollout, counted as Argo Rollouts counts an analysis run's measurements: it fails when the
 * failures are strictly more than {@code failure-limit} ({@code failed > failureLimit}: 0 fails on the first, 3 on the
 * fourth), and it stops for a person when the inconclusive verdicts are more than {@code inconclusive-limit}. Argo
 * counts inconclusive ones over the whole run; here they count in a row (a pass or a failure resets the count), since
 * a quiet hour in a long canary is not a reason to stop it once traffic is back.
 */
final class Tally {

    /** What the verdict just recorded means for the rollout. */
    enum Consequence {
        /** Go on. */
        CONTINUE,
        /** Stop and send every request back to the stable revision. */
        ABORT,
        /** Hold until a person promotes or aborts. */
        PAUSE
    }

    private final AnalysisSettings settings;
    private int failures;
    private int inconclusiveInARow;

    Tally(AnalysisSettings settings, int failures, int inconclusiveInARow) {
        this.settings = settings;
        this.failures = failures;
        this.inconclusiveInARow = inconclusiveInARow;
    }

    Consequence record(Verdict v) {
        return switch (v.outcome()) {
            case PASS -> {
                inconclusiveInARow = 0;
                yield Consequence.CONTINUE;
            }
            case FAIL -> {
                inconclusiveInARow = 0;
                failures++;
                yield failures > settings.failureLimit() ? Consequence.ABORT : Consequence.CONTINUE;
            }
            case INCONCLUSIVE -> {
                inconclusiveInARow++;
                yield inconclusiveInARow > settings.inconclusiveLimit() ? Consequence.PAUSE : Consequence.CONTINUE;
            }
        };
    }

    /** The reason a rollout paused after too many inconclusive verdicts. */
    String pauseReason() {
        return "paused: " + inconclusiveInARow + " inconclusive analyses in a row (inconclusive-limit "
            + settings.inconclusiveLimit() + "); promote to continue or abort";
    }

    /** A person looked: the inconclusive run starts over. */
    void resume() {
        inconclusiveInARow = 0;
    }

    int failures() {
        return failures;
    }

    int inconclusiveInARow() {
        return inconclusiveInARow;
    }
}
