package dev.horizon.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Map;
import java.util.SplittableRandom;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/** What the JWT store accepts and refuses, with a fixed clock. */
final class JwtTokensTest {

    private static final byte[] SECRET = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    private static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");
    private static final SessionTimeouts TIMEOUTS = new SessionTimeouts(Duration.ofMinutes(30), Duration.ofHours(8));
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    private static final KeyPair RSA = rsa();

    private static KeyPair rsa() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
            g.initialize(2048);
            return g.generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static SessionStore store(JwtKeyRing keys, Instant now) {
        return SessionStore.jwt(JwtSettings.of(keys, "shop", TIMEOUTS).withClock(Clock.fixed(now, ZoneOffset.UTC)));
    }

    private static SessionStore hs256(Instant now) {
        return store(JwtKeyRing.of(JwtKey.hmac("k1", JwtAlgorithm.HS256, SECRET)), now);
    }

    private static String issue(SessionStore store) {
        Session s = store.create();
        s.setUser("alice");
        s.setAttribute("cart", "{\"A-1\":2}");
        return store.save(s).orElseThrow();
    }

    /** A token with the given header and payload JSON, MACed with HS256 under {@code key}. */
    private static String forge(String header, String payload, byte[] key) throws Exception {
        String input = B64.encodeToString(header.getBytes(StandardCharsets.UTF_8)) + "."
            + B64.encodeToString(payload.getBytes(StandardCharsets.UTF_8));
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        return input + "." + B64.encodeToString(mac.doFinal(input.getBytes(StandardCharsets.US_ASCII)));
    }

    private static String payload(Instant now) {
        long s = now.getEpochSecond();
        return "{\"jti\":\"" + SessionIds.next() + "\",\"sub\":\"alice\",\"aud\":\"shop\",\"iat\":" + s + ",\"nbf\":"
            + s + ",\"exp\":" + (s + 600) + ",\"hz_ct\":" + now.toEpochMilli() + ",\"hz_at\":" + now.toEpochMilli()
            + ",\"hz_a\":{}}";
    }

    @Test
    void tokenCarriesTheSessionAndVerifies() {
        SessionStore store = hs256(T0);
        Session back = store.load(issue(store)).orElseThrow();
        assertThat(back.user()).isEqualTo("alice");
        assertThat(back.attributes()).containsExactlyEntriesOf(Map.of("cart", "{\"A-1\":2}"));
        assertThat(back.created()).isEqualTo(T0);
    }

    @Test
    void aTokenForgedWithTheRightSecretButAnyRefusedHeaderIsRefused() throws Exception {
        SessionStore store = hs256(T0);
        assertThat(store.load(forge("{\"alg\":\"HS256\",\"kid\":\"k1\"}", payload(T0), SECRET))).isPresent();
        for (String extra : new String[] {"\"jku\":\"https://evil/keys\"", "\"jwk\":{\"kty\":\"oct\"}",
            "\"x5u\":\"https://evil/cert\"", "\"x5c\":[\"MII\"]", "\"crit\":[\"exp\"]"}) {
            String header = "{\"alg\":\"HS256\",\"kid\":\"k1\"," + extra + "}";
            assertThat(store.load(forge(header, payload(T0), SECRET))).as(extra).isEmpty();
        }
        assertThat(store.load(forge("{\"alg\":\"HS256\"}", payload(T0), SECRET))).as("no kid").isEmpty();
        assertThat(store.load(forge("{\"alg\":\"HS256\",\"kid\":\"k2\"}", payload(T0), SECRET))).as("unknown kid")
            .isEmpty();
    }

    @Test
    void algNoneIsRefusedInAnySpelling() {
        SessionStore store = hs256(T0);
        for (String alg : new String[] {"none", "None", "NONE", "nOnE"}) {
            String token = B64.encodeToString(("{\"alg\":\"" + alg + "\",\"kid\":\"k1\"}").getBytes(
                StandardCharsets.UTF_8)) + "." + B64.encodeToString(payload(T0).getBytes(StandardCharsets.UTF_8))
                + ".";
            assertThat(store.load(token)).as(alg).isEmpty();
            assertThat(store.load(token + "AAAA")).as(alg + " with a signature").isEmpty();
        }
    }

    @Test
    void hmacTokenMadeWithTheRsaPublicKeyIsRefused() throws Exception {
        SessionStore store = store(JwtKeyRing.of(JwtKey.rsa("r1", RSA)), T0);
        byte[] publicKeyBytes = RSA.getPublic().getEncoded();
        String confused = forge("{\"alg\":\"HS256\",\"kid\":\"r1\"}", payload(T0), publicKeyBytes);
        assertThat(store.load(confused)).isEmpty();
        assertThat(store.load(issue(store))).as("a real RS256 token").isPresent();
    }

    @Test
    void shortHmacKeysAreRefusedAtConstruction() {
        assertThatThrownBy(() -> JwtKey.hmac("k", JwtAlgorithm.HS256, new byte[31])).hasMessage(
            "kid k: HS256 key of 31 bytes (expected: at least 32 bytes, RFC 7518 section 3.2)");
        assertThatThrownBy(() -> JwtKey.hmac("k", JwtAlgorithm.HS512, new byte[63])).hasMessage(
            "kid k: HS512 key of 63 bytes (expected: at least 64 bytes, RFC 7518 section 3.2)");
        assertThatThrownBy(() -> JwtKey.hmac("k", JwtAlgorithm.RS256, new byte[300]))
            .hasMessage("kid k: RS256 is not an HMAC algorithm");
        assertThatThrownBy(() -> JwtKeyRing.of(JwtKey.rsaVerifyOnly("r", RSA.getPublic())))
            .hasMessage("current key r cannot sign (a public key only)");
    }

    @Test
    void expiredNotYetValidIssuedInTheFutureAndForeignAudienceAreRefused() throws Exception {
        SessionStore store = hs256(T0);
        long s = T0.getEpochSecond();
        String base = "\"jti\":\"" + SessionIds.next() + "\",\"hz_ct\":" + T0.toEpochMilli() + ",\"hz_at\":"
            + T0.toEpochMilli() + ",\"hz_a\":{}";
        String header = "{\"alg\":\"HS256\",\"kid\":\"k1\"}";
        assertThat(store.load(forge(header, "{" + base + ",\"aud\":\"shop\",\"iat\":" + s + ",\"exp\":" + s + "}",
            SECRET))).as("exp now").isEmpty();
        assertThat(store.load(forge(header, "{" + base + ",\"aud\":\"shop\",\"iat\":" + s + ",\"nbf\":" + (s + 31)
            + ",\"exp\":" + (s + 600) + "}", SECRET))).as("nbf beyond the skew").isEmpty();
        assertThat(store.load(forge(header, "{" + base + ",\"aud\":\"shop\",\"iat\":" + s + ",\"nbf\":" + (s + 29)
            + ",\"exp\":" + (s + 600) + "}", SECRET))).as("nbf within the skew").isPresent();
        assertThat(store.load(forge(header, "{" + base + ",\"aud\":\"shop\",\"iat\":" + (s + 31) + ",\"exp\":"
            + (s + 600) + "}", SECRET))).as("iat in the future").isEmpty();
        assertThat(store.load(forge(header, "{" + base + ",\"aud\":\"admin\",\"iat\":" + s + ",\"exp\":" + (s + 600)
            + "}", SECRET))).as("other audience").isEmpty();
        assertThat(store.load(forge(header, "{" + base + ",\"aud\":[\"admin\",\"shop\"],\"iat\":" + s + ",\"exp\":"
            + (s + 600) + "}", SECRET))).as("audience list with ours").isPresent();
        assertThat(store.load(forge(header, "{" + base + ",\"iat\":" + s + ",\"exp\":" + (s + 600) + "}", SECRET)))
            .as("no audience").isEmpty();
    }

    @Test
    void issuerIsWrittenAndChecked() {
        JwtKeyRing keys = JwtKeyRing.of(JwtKey.hmac("k1", JwtAlgorithm.HS256, SECRET));
        Clock clock = Clock.fixed(T0, ZoneOffset.UTC);
        SessionStore shop = SessionStore.jwt(JwtSettings.of(keys, "shop", TIMEOUTS).withIssuer("shop-auth")
            .withClock(clock));
        SessionStore other = SessionStore.jwt(JwtSettings.of(keys, "shop", TIMEOUTS).withIssuer("elsewhere")
            .withClock(clock));
        String token = issue(shop);
        assertThat(shop.load(token)).isPresent();
        assertThat(other.load(token)).isEmpty();
    }

    @Test
    void rotatedKeysVerifyOldTokensWhileInTheRingAndSignWithTheNewOne() {
        JwtKey old = JwtKey.hmac("2026-10", JwtAlgorithm.HS256, SECRET);
        JwtKey next = JwtKey.rsa("2026-11", RSA);
        String oldToken = issue(store(JwtKeyRing.of(old), T0));

        SessionStore rotating = store(JwtKeyRing.of(next, old), T0);
        assertThat(rotating.load(oldToken)).isPresent();
        String newToken = issue(rotating);
        String header = new String(Base64.getUrlDecoder().decode(newToken.substring(0, newToken.indexOf('.'))),
            StandardCharsets.UTF_8);
        assertThat(header).isEqualTo("{\"alg\":\"RS256\",\"typ\":\"JWT\",\"kid\":\"2026-11\"}");

        SessionStore rotated = store(JwtKeyRing.of(next), T0);
        assertThat(rotated.load(oldToken)).isEmpty();
        assertThat(rotated.load(newToken)).isPresent();
    }

    @Test
    void tokenIsReissuedOnlyWhenChangedOrPastHalfItsIdleWindow() {
        String token = issue(hs256(T0));
        SessionStore soon = hs256(T0.plus(Duration.ofMinutes(14)));
        assertThat(soon.save(soon.load(token).orElseThrow())).hasValue(token);
        SessionStore later = hs256(T0.plus(Duration.ofMinutes(16)));
        String slid = later.save(later.load(token).orElseThrow()).orElseThrow();
        assertThat(slid).isNotEqualTo(token);
        SessionStore afterIdle = hs256(T0.plus(Duration.ofMinutes(40)));
        assertThat(afterIdle.load(token)).as("original token after 40 min").isEmpty();
        assertThat(afterIdle.load(slid)).as("re-issued at 16 min, seen at 40").isPresent();
    }

    @Test
    void sessionTooLargeForACookieIsRefusedWithItsSize() {
        SessionStore store = hs256(T0);
        Session s = store.create();
        s.setAttribute("notes", "\"" + "x".repeat(4000) + "\"");
        assertThatThrownBy(() -> store.save(s)).isInstanceOf(IllegalStateException.class)
            .hasMessageContaining("more than a cookie holds (4000)");
    }

    @Test
    void withoutARevocationListInvalidationOnlyDropsTheCookie() {
        SessionStore store = hs256(T0);
        String token = issue(store);
        Session s = store.load(token).orElseThrow();
        s.invalidate();
        assertThat(store.save(s)).isEmpty();
        assertThat(store.load(token)).as("a copied token stays valid until exp").isPresent();
        assertThatThrownBy(() -> store.invalidateUser("alice")).isInstanceOf(UnsupportedOperationException.class)
            .hasMessageContaining("needs a revocation list");
    }

    @Test
    void mutatedTokensNeverVerifyAndNeverThrow() {
        SessionStore store = hs256(T0);
        SessionStore rsaStore = store(JwtKeyRing.of(JwtKey.rsa("r1", RSA)), T0);
        String[] tokens = {issue(store), issue(rsaStore)};
        SplittableRandom random = new SplittableRandom(42);
        for (int i = 0; i < 4000; i++) {
            String token = tokens[i % 2];
            char[] c = token.toCharArray();
            String mutated = switch (random.nextInt(4)) {
                case 0 -> {
                    int at = random.nextInt(c.length);
                    c[at] = (char) (c[at] ^ (1 << random.nextInt(7)));
                    yield new String(c);
                }
                case 1 -> token.substring(0, random.nextInt(token.length()));
                case 2 -> {
                    String[] parts = token.split("\\.", -1);
                    yield parts[1] + "." + parts[0] + "." + parts[2];
                }
                default -> token + (char) ('A' + random.nextInt(26));
            };
            if (mutated.equals(token)) {
                continue;
            }
            SessionStore target = i % 2 == 0 ? store : rsaStore;
            assertThat(target.load(mutated)).as("mutation %d: %s", i, mutated).isEmpty();
        }
    }
}
