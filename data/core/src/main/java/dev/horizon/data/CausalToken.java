package dev.horizon.data;

import java.util.Locale;
import java.util.Objects;

/**
 * A point in the primary's write-ahead log that a later read must see: the log position right after a commit.
 *
 * <p>A replica that has replayed the log up to the token has every write the token stands for, so a read routed to it
 * (or to the primary) after the write sees the write — "read your writes" across instances, when the token travels
 * with the user (see {@link DataScope#causal}). Text form is PostgreSQL's {@code pg_lsn}, {@code 16/B374D848}.
 *
 * @param lsn the log sequence number, an unsigned 64-bit position
 */
public record CausalToken(long lsn) implements Comparable<CausalToken> {

    /** Parses PostgreSQL's {@code pg_lsn} text, two hexadecimal halves separated by a slash. */
    public static CausalToken parse(String text) {
        Objects.requireNonNull(text, "text");
        int slash = text.indexOf('/');
        if (slash < 1 || slash == text.length() - 1 || slash > 8 || text.length() - slash - 1 > 8
            || !text.chars().allMatch(c -> c == '/' || Character.digit(c, 16) >= 0)) {
            throw new IllegalArgumentException("causal token: '" + text + "' (expected: a pg_lsn like 16/B374D848)");
        }
        try {
            long high = Long.parseLong(text, 0, slash, 16);
            long low = Long.parseLong(text, slash + 1, text.length(), 16);
            return new CausalToken(high << 32 | low);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("causal token: '" + text + "' (expected: a pg_lsn like 16/B374D848)",
                e);
        }
    }

    /** Whether a replica that has replayed up to {@code replayed} has everything this token stands for. */
    public boolean isReplayedBy(long replayed) {
        return Long.compareUnsigned(replayed, lsn) >= 0;
    }

    /** The later of the two tokens. */
    public CausalToken max(CausalToken other) {
        return compareTo(other) >= 0 ? this : other;
    }

    @Override
    public int compareTo(CausalToken other) {
        return Long.compareUnsigned(lsn, other.lsn);
    }

    /** The {@code pg_lsn} text, for example {@code 16/B374D848}; {@link #parse} reads it back. */
    @Override
    public String toString() {
        return Long.toHexString(lsn >>> 32).toUpperCase(Locale.ROOT) + "/"
            + Long.toHexString(lsn & 0xFFFF_FFFFL).toUpperCase(Locale.ROOT);
    }
}
