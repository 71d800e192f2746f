package dev.horizon.deploy;

/** Where a rollout stands; the last three are final. */
public enum Phase {

    /** Moving on by itself: a step's pause is running, or the analysis is gathering its verdicts. */
    PROGRESSING("progressing"),
    /** Waiting for a person: {@code rollout promote} goes on, {@code rollout abort} goes back. */
    PAUSED("paused"),
    /** The new revision serves every request. */
    PROMOTED("promoted"),
    /** Stopped before the end (by the analysis or a person): the stable revision serves every request. */
    ABORTED("aborted"),
    /** Undone after a blue-green switch: the old revision serves every request again. */
    ROLLED_BACK("rolled-back");

    private final String text;

    Phase(String text) {
        this.text = text;
    }

    /** The name {@code rollout status} prints: {@code progressing}, {@code paused}, ... {@code rolled-back}. */
    public String text() {
        return text;
    }

    /** Whether nothing more happens to this rollout: promoted, aborted or rolled back. */
    public boolean isFinal() {
        return this == PROMOTED || this == ABORTED || this == ROLLED_BACK;
    }
}
