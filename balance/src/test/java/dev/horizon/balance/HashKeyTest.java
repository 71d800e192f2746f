package dev.horizon.balance;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class HashKeyTest {

    // Expected xxHash64 values come from the reference C library (libxxhash 0.8.1, XXH64(bytes, len, seed)) and the
    // MD5 values from Python's hashlib, both computed outside this code base.

    @Test
    void textKeyIsXxHash64OfUtf8WithSeedZero() {
        assertThat(HashKey.of("")).isEqualTo(0xEF46DB3751D8E999L);
        assertThat(HashKey.of("a")).isEqualTo(0xD24EC4F1A98C6E5BL);
        assertThat(HashKey.of("abc")).isEqualTo(0x44BC2CF5AD770999L);
        assertThat(HashKey.of("abcdefg")).isEqualTo(0x1860940E2902822DL);
        assertThat(HashKey.of("abcdefghijkl")).isEqualTo(0x4B09B7D3A233D4B3L);
        assertThat(HashKey.of("127.0.0.1:90")).isEqualTo(0xB6E9805BF4890ED5L);
        assertThat(HashKey.of("0123456789abcdef0123456789abcdef")).isEqualTo(0x642A94958E71E6C5L);
        assertThat(HashKey.of("0123456789abcdef0123456789abcdef0")).isEqualTo(0xE87684F08D6D0816L);
        assertThat(HashKey.of("€€€€€€€€€€€")).isEqualTo(0xB0314D6C94167E59L);
        assertThat(HashKey.of("𝄞𝄞𝄞𝄞𝄞𝄞𝄞𝄞𝄞")).isEqualTo(0xB2B9C09560BF28B1L);
        assertThat(HashKey.of("héllo wörld €𝄞 0123456789012345678901234567890123456789"))
            .isEqualTo(0x34C47D50182D8413L);
    }

    @Test
    void seededXxHash64MatchesTheReferenceLibrary() {
        assertThat(HashKey.xxHash64("", 1)).isEqualTo(0xD5AFBA1336A3BE4BL);
        assertThat(HashKey.xxHash64("127.0.0.1:90", 1)).isEqualTo(0x151EAA9A12EBFFF5L);
        assertThat(HashKey.xxHash64("0123456789abcdef0123456789abcdef0", 1)).isEqualTo(0x722E041F63BF8817L);
        assertThat(HashKey.xxHash64("héllo wörld €𝄞 0123456789012345678901234567890123456789", 1))
            .isEqualTo(0xE242A679F292D325L);
    }

    @Test
    void textKeyEqualsXxHash64OfGetBytesForRandomText() {
        SplittableRandom random = new SplittableRandom(20240611);
        for (int c = 0; c < 3_000; c++) {
            String text = randomText(random, random.nextInt(90));
            long seed = random.nextBoolean() ? 0 : random.nextLong();
            assertThat(HashKey.xxHash64(text, seed))
                .as("text %s seed %d", text, seed)
                .isEqualTo(ReferenceXxHash64.hash(text.getBytes(StandardCharsets.UTF_8), seed));
        }
    }

    @Test
    void unpairedSurrogatesHashAsQuestionMarks() {
        assertThat(HashKey.of("a\uD800b")).isEqualTo(HashKey.of("a?b"));
        assertThat(HashKey.of("\uDC00")).isEqualTo(HashKey.of("?"));
        assertThat(HashKey.of("x\uD83D")).isEqualTo(HashKey.of("x?"));
    }

    @Test
    void textKeyIsDeterministicAndDependsOnlyOnTheCharacters() {
        assertThat(HashKey.of("a")).isEqualTo(HashKey.of("a"));
        assertThat(HashKey.of("a")).isNotEqualTo(HashKey.of("b"));
        assertThat(HashKey.of(new StringBuilder("user-42"))).isEqualTo(HashKey.of("user-42"));
    }

    @Test
    void numberKeyIsSplitMix64Output() {
        // The first outputs of SplitMix64 seeded with 0, 1 and 2, and -1 (Python, 64-bit arithmetic).
        assertThat(HashKey.of(0L)).isEqualTo(0xE220A8397B1DCDAFL);
        assertThat(HashKey.of(1L)).isEqualTo(0x910A2DEC89025CC1L);
        assertThat(HashKey.of(2L)).isEqualTo(0x975835DE1C9756CEL);
        assertThat(HashKey.of(-1L)).isEqualTo(0xE4D971771B652C20L);
    }

    @Test
    void ketamaKeyIsFirstFourMd5BytesLittleEndian() {
        assertThat(HashKey.ketama("")).isEqualTo(3_649_838_548L);
        assertThat(HashKey.ketama("a")).isEqualTo(3_111_502_092L);
        assertThat(HashKey.ketama("foo")).isEqualTo(3_675_831_724L);
        assertThat(HashKey.ketama("user:42")).isEqualTo(417_323_606L);
        assertThat(HashKey.ketama("hello world")).isEqualTo(3_141_252_702L);
        assertThat(HashKey.ketama("héllo")).isEqualTo(1_206_407_358L);
    }

    @Test
    void textKeysSpreadEvenlyOverSixteenBuckets() {
        // 100,000 keys over 16 buckets: 6,250 expected per bucket, standard deviation about 77; allow ±5 % (±312).
        int[] high = new int[16];
        int[] low = new int[16];
        for (int i = 0; i < 100_000; i++) {
            long key = HashKey.of("client-" + i);
            high[(int) (key >>> 60)]++;
            low[(int) (key & 15)]++;
        }
        for (int b = 0; b < 16; b++) {
            assertThat(high[b]).as("top bits, bucket %d", b).isBetween(5_938, 6_562);
            assertThat(low[b]).as("low bits, bucket %d", b).isBetween(5_938, 6_562);
        }
    }

    private static String randomText(SplittableRandom random, int length) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < length; i++) {
            switch (random.nextInt(6)) {
                case 0, 1 -> text.append((char) random.nextInt(0x20, 0x7F));
                case 2 -> text.append((char) random.nextInt(0x80, 0x800));
                case 3 -> text.append((char) random.nextInt(0x800, 0xD800));
                case 4 -> text.appendCodePoint(random.nextInt(0x10000, 0x110000));
                default -> text.append((char) random.nextInt(0xD800, 0xE000));
            }
        }
        return text.toString();
    }

    /** XXH64 written the plain way, over a byte array, as the specification describes it. */
    private static final class ReferenceXxHash64 {
        private static final long P1 = 0x9E3779B185EBCA87L;
        private static final long P2 = 0xC2B2AE3D27D4EB4FL;
        private static final long P3 = 0x165667B19E3779F9L;
        private static final long P4 = 0x85EBCA77C2B2AE63L;
        private static final long P5 = 0x27D4EB2F165667C5L;

        static long hash(byte[] b, long seed) {
            int p = 0;
            long h;
            if (b.length >= 32) {
                long[] v = {seed + P1 + P2, seed + P2, seed, seed - P1};
                while (p + 32 <= b.length) {
                    for (int k = 0; k < 4; k++) {
                        v[k] = round(v[k], u64(b, p));
                        p += 8;
                    }
                }
                h = Long.rotateLeft(v[0], 1) + Long.rotateLeft(v[1], 7) + Long.rotateLeft(v[2], 12)
                    + Long.rotateLeft(v[3], 18);
                for (int k = 0; k < 4; k++) {
                    h ^= round(0, v[k]);
                    h = h * P1 + P4;
                }
            } else {
                h = seed + P5;
            }
            h += b.length;
            while (p + 8 <= b.length) {
                h ^= round(0, u64(b, p));
                h = Long.rotateLeft(h, 27) * P1 + P4;
                p += 8;
            }
            if (p + 4 <= b.length) {
                h ^= (u64(b, p) & 0xFFFFFFFFL) * P1;
                h = Long.rotateLeft(h, 23) * P2 + P3;
                p += 4;
            }
            while (p < b.length) {
                h ^= (b[p] & 0xFFL) * P5;
                h = Long.rotateLeft(h, 11) * P1;
                p++;
            }
            h ^= h >>> 33;
            h *= P2;
            h ^= h >>> 29;
            h *= P3;
            h ^= h >>> 32;
            return h;
        }

        private static long round(long acc, long input) {
            acc += input * P2;
            acc = Long.rotateLeft(acc, 31);
            return acc * P1;
        }

        /** Up to 8 bytes from {@code p}, little-endian (fewer at the end of the array). */
        private static long u64(byte[] b, int p) {
            long v = 0;
            for (int k = Math.min(7, b.length - p - 1); k >= 0; k--) {
                v = v << 8 | (b[p + k] & 0xFFL);
            }
            return v;
        }
    }
}
