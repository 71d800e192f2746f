package dev.horizon.spelling;

import java.util.Collection;
import org.jspecify.annotations.Nullable;

/**
 * "Did you mean" for misspelled keys and names: within two edits (Levenshtein: insertions, deletions, substitutions),
 * or a prefix of three characters or more that the candidate completes.
 */
public final class Spelling {

    /** The largest edit distance that still counts as a typo. */
    private static final int MAX_DISTANCE = 2;
    /** Shortest input that may be completed as a prefix, so that {@code s} does not suggest {@code sticky}. */
    private static final int MIN_PREFIX = 3;

    private Spelling() {
    }

    /**
     * The candidate {@code input} most likely misspells: the closest by edit distance among those within 2 edits or
     * that {@code input} is a prefix of; the first such candidate on a tie; null when none qualifies.
     */
    public static @Nullable String closest(String input, Collection<String> candidates) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : candidates) {
            int d = distance(input, candidate);
            boolean prefix = input.length() >= MIN_PREFIX && candidate.startsWith(input);
            if ((d <= MAX_DISTANCE || prefix) && d < bestDistance && !candidate.equals(input)) {
                best = candidate;
                bestDistance = d;
            }
        }
        return best;
    }

    /** {@code " (did you mean 'x'?)"} for the closest candidate, or the empty string. */
    public static String hint(String input, Collection<String> candidates) {
        String closest = closest(input, candidates);
        return closest == null ? "" : " (did you mean '" + closest + "'?)";
    }

    /** Levenshtein distance: insertions, deletions and substitutions. */
    public static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
