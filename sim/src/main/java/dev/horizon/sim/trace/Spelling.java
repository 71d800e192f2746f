package dev.horizon.sim.trace;

import java.util.Collection;

/**
 * "Did you mean" for a misspelled shape or parameter name: the same rule as {@code horizon.yaml}'s keys (the config
 * module's {@code Spelling}, which this module may not depend on): within two edits, or a completed prefix of three
 * characters or more.
 */
final class Spelling {

    private static final int MAX_DISTANCE = 2;
    private static final int MIN_PREFIX = 3;

    private Spelling() {
    }

    /** {@code " (did you mean 'x'?)"} for the closest candidate, the first on a tie, or the empty string. */
    static String hint(String input, Collection<String> candidates) {
        String best = "";
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : candidates) {
            int d = distance(input, candidate);
            boolean prefix = input.length() >= MIN_PREFIX && candidate.startsWith(input);
            if ((d <= MAX_DISTANCE || prefix) && d < bestDistance && !candidate.equals(input)) {
                best = candidate;
                bestDistance = d;
            }
        }
        return best.isEmpty() ? "" : " (did you mean '" + best + "'?)";
    }

    /** Levenshtein distance over one row of the table at a time. */
    private static int distance(String a, String b) {
        int[] row = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            row[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            int diagonal = row[0];
            row[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int above = row[j];
                int substitution = diagonal + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                row[j] = Math.min(substitution, Math.min(above, row[j - 1]) + 1);
                diagonal = above;
            }
        }
        return row[b.length()];
    }
}
