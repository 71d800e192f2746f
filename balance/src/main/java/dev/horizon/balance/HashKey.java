package dev.horizon.balance;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Turns what a request is keyed by (client address, a header, a cookie, the path) into the 64-bit key a
 * {@link HashBalancer} places. All methods are pure functions: the same input gives the same key in every process and
 * every release, so a key lands on the same endpoint after a restart.
 *
 * <ul>
 *   <li>{@link #of(CharSequence)}: xxHash64 with seed 0 of the text's UTF-8 bytes, bit for bit the hash Envoy's
 *       header and cookie hash policies compute for a single value; no allocation.</li>
 *   <li>{@link #of(long)}: a number (an IPv4 address, a user id) mixed so that every bit of the key depends on every
 *       bit of the number.</li>
 *   <li>{@link #ketama(CharSequence)}: libketama's key hash, for a {@link HashBalancer#ringHash ring hash} that
 *       must agree with libketama (memcached clients) on where a key lives.</li>
 * </ul>
 */
public final class HashKey {

    /*
     * Implementation notes.
     *
     * xxHash64 is Yann Collet's XXH64 (xxhash.com, the "XXH64 algorithm" section of its specification). The text is
     * encoded to UTF-8 on the fly, a code point at a time, and the bytes are packed into 64-bit little-endian lanes
     * held in locals, so hashing a CharSequence allocates nothing. An unpaired surrogate is encoded as '?', as
     * String.getBytes(UTF_8) does, so of(s) == XXH64(s.getBytes(UTF_8), 0) for every string. Maglev places endpoints
     * with the same function (seeds 0 and 1), as Envoy's maglev_lb.cc does.
     *
     * of(long) is the output function of SplitMix64 (Steele, Lea, Flood, "Fast splittable pseudorandom number
     * generators", OOPSLA 2014): add the golden gamma, then David Stafford's "Mix13" variant of MurmurHash3's fmix64.
     * It is a bijection, so distinct numbers never share a key, and the added gamma keeps 0 from mapping to 0.
     *
     * ketama is libketama's ketama_hashi(): the first four bytes of MD5(key) read as a little-endian unsigned int.
     */

    private static final long P1 = 0x9E3779B185EBCA87L;
    private static final long P2 = 0xC2B2AE3D27D4EB4FL;
    private static final long P3 = 0x165667B19E3779F9L;
    private static final long P4 = 0x85EBCA77C2B2AE63L;
    private static final long P5 = 0x27D4EB2F165667C5L;
    private static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;

    private HashKey() {
    }

    /**
     * The key of a piece of text: xxHash64 (seed 0) of its UTF-8 encoding, an unpaired surrogate counting as
     * {@code '?'}. Equal texts give equal keys; allocates nothing.
     */
    public static long of(CharSequence text) {
        return xxHash64(text, 0);
    }

    /** The key of a number, mixed by SplitMix64's finalizer: a bijection, so distinct numbers give distinct keys. */
    public static long of(long value) {
        long z = value + GOLDEN_GAMMA;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /**
     * libketama's key hash ({@code ketama_hashi}): the first four bytes of the MD5 digest of the key's UTF-8
     * encoding as a little-endian unsigned 32-bit number, in {@code 0..2^32-1}. A {@link HashBalancer#ringHash ring
     * hash} given this key picks the endpoint libketama's {@code ketama_get_server} picks for the same key. Allocates
     * (MD5 needs the bytes); prefer {@link #of(CharSequence)} when libketama compatibility is not needed.
     */
    public static long ketama(CharSequence key) {
        byte[] d = md5().digest(key.toString().getBytes(StandardCharsets.UTF_8));
        return littleEndianInt(d, 0) & 0xFFFFFFFFL;
    }

    /** A fresh MD5 digest; every Java platform must provide one. */
    static MessageDigest md5() {
        try {
            return MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is required of every Java platform", e);
        }
    }

    /** The four bytes at {@code d[at..at+3]} as a little-endian int, as libketama reads digests. */
    static int littleEndianInt(byte[] d, int at) {
        return (d[at + 3] & 0xFF) << 24 | (d[at + 2] & 0xFF) << 16 | (d[at + 1] & 0xFF) << 8 | (d[at] & 0xFF);
    }

    /** XXH64 of the UTF-8 encoding of {@code text} with {@code seed}; see the implementation notes. */
    static long xxHash64(CharSequence text, long seed) {
        long v1 = seed + P1 + P2;
        long v2 = seed + P2;
        long v3 = seed;
        long v4 = seed - P1;
        // Complete lanes of the stripe being filled, how many there are, and the lane being filled.
        long lane0 = 0;
        long lane1 = 0;
        long lane2 = 0;
        int lanes = 0;
        long word = 0;
        int wordBytes = 0;
        long length = 0;

        int n = text.length();
        int i = 0;
        while (i < n) {
            long encoded = utf8(text, i);
            i += (int) (encoded >>> 40);
            int count = (int) (encoded >>> 32) & 0xFF;
            long bytes = encoded & 0xFFFFFFFFL;
            length += count;
            word |= bytes << (wordBytes << 3);
            wordBytes += count;
            if (wordBytes < 8) {
                continue;
            }
            // The lane is full; the bytes that did not fit start the next one.
            long full = word;
            wordBytes -= 8;
            word = bytes >>> ((count - wordBytes) << 3);
            if (lanes == 0) {
                lane0 = full;
                lanes = 1;
            } else if (lanes == 1) {
                lane1 = full;
                lanes = 2;
            } else if (lanes == 2) {
                lane2 = full;
                lanes = 3;
            } else {
                v1 = round(v1, lane0);
                v2 = round(v2, lane1);
                v3 = round(v3, lane2);
                v4 = round(v4, full);
                lanes = 0;
            }
        }

        long h = length >= 32 ? converge(v1, v2, v3, v4) : seed + P5;
        h += length;
        if (lanes > 0) {
            h = tailLane(h, lane0);
        }
        if (lanes > 1) {
            h = tailLane(h, lane1);
        }
        if (lanes > 2) {
            h = tailLane(h, lane2);
        }
        return avalanche(tailBytes(h, word, wordBytes));
    }

    /**
     * The UTF-8 bytes of the character at {@code text[i]} (a surrogate pair counts as one), packed: the bytes in the
     * low 32 bits (first byte lowest), their count in bits 32-39 and the chars read in bits 40-47. A lone surrogate
     * encodes as {@code '?'}, as {@link String#getBytes} does.
     */
    private static long utf8(CharSequence text, int i) {
        char c = text.charAt(i);
        if (c < 0x80) {
            return 1L << 40 | 1L << 32 | c;
        }
        if (c < 0x800) {
            return 1L << 40 | 2L << 32 | (0xC0 | c >>> 6) | (0x80 | c & 0x3F) << 8;
        }
        if (!Character.isSurrogate(c)) {
            return 1L << 40 | 3L << 32 | (0xE0 | c >>> 12) | (0x80 | c >>> 6 & 0x3F) << 8 | (0x80 | c & 0x3F) << 16;
        }
        if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
            int cp = Character.toCodePoint(c, text.charAt(i + 1));
            return 2L << 40 | 4L << 32 | (0xF0 | cp >>> 18) | (0x80 | cp >>> 12 & 0x3F) << 8
                | (0x80 | cp >>> 6 & 0x3F) << 16 | (long) (0x80 | cp & 0x3F) << 24;
        }
        return 1L << 40 | 1L << 32 | '?';
    }

    /** The four accumulators merged, for inputs of at least 32 bytes. */
    private static long converge(long v1, long v2, long v3, long v4) {
        long h = Long.rotateLeft(v1, 1) + Long.rotateLeft(v2, 7) + Long.rotateLeft(v3, 12) + Long.rotateLeft(v4, 18);
        h = mergeRound(h, v1);
        h = mergeRound(h, v2);
        h = mergeRound(h, v3);
        return mergeRound(h, v4);
    }

    /** Mixes in the last {@code wordBytes} (under 8) bytes: a 4-byte block if there is one, then single bytes. */
    private static long tailBytes(long hash, long word, int wordBytes) {
        long h = hash;
        long w = word;
        int left = wordBytes;
        if (left >= 4) {
            h ^= (w & 0xFFFFFFFFL) * P1;
            h = Long.rotateLeft(h, 23) * P2 + P3;
            w >>>= 32;
            left -= 4;
        }
        for (; left > 0; left--) {
            h ^= (w & 0xFF) * P5;
            h = Long.rotateLeft(h, 11) * P1;
            w >>>= 8;
        }
        return h;
    }

    private static long avalanche(long hash) {
        long h = hash;
        h ^= h >>> 33;
        h *= P2;
        h ^= h >>> 29;
        h *= P3;
        return h ^ (h >>> 32);
    }

    private static long round(long acc, long lane) {
        return Long.rotateLeft(acc + lane * P2, 31) * P1;
    }

    private static long mergeRound(long h, long v) {
        return (h ^ round(0, v)) * P1 + P4;
    }

    private static long tailLane(long h, long lane) {
        return Long.rotateLeft(h ^ round(0, lane), 27) * P1 + P4;
    }
}
