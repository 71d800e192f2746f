package dev.horizon.demo;

/**
 * What of a client's input an error message repeats: the first {@value #MAX} characters, then {@code …}. An error
 * names the bad value so the client can find it, but a 2 MB SKU must not come back as a 2 MB error (nor fill the
 * logs).
 */
final class Excerpt {

    /** The most characters of an input an error repeats. */
    static final int MAX = 64;

    private Excerpt() {
    }

    /** {@code s} itself when it has at most {@value #MAX} characters, else its first {@value #MAX} and {@code …}. */
    static String of(String s) {
        if (s.length() <= MAX) {
            return s;
        }
        int end = Character.isHighSurrogate(s.charAt(MAX - 1)) ? MAX - 1 : MAX;
        return s.substring(0, end) + "…";
    }
}
