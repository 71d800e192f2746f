package dev.horizon.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Base64;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import org.junit.jupiter.api.Test;

/** Hashes carry their algorithm and iterations; hashes of the first format still verify and get upgraded. */
final class PasswordsTest {

    /** A hash as the shop wrote them before issue 19: {@code ITERATIONS$SALT$HASH}, PBKDF2-HMAC-SHA256. */
    static String legacyHash(String password, int iterations) throws Exception {
        byte[] salt = "sixteen byte salt".substring(0, 16).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        byte[] hash = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256")
            .generateSecret(new PBEKeySpec(password.toCharArray(), salt, iterations, 256)).getEncoded();
        return iterations + "$" + Base64.getEncoder().encodeToString(salt) + "$"
            + Base64.getEncoder().encodeToString(hash);
    }

    @Test
    void aNewHashNamesItsAlgorithmAndIterationsAndVerifies() {
        String hash = Passwords.pbkdf2(3_000).hash("horizon");
        assertThat(hash).matches("pbkdf2-sha256\\$3000\\$[A-Za-z0-9+/]{22}==\\$[A-Za-z0-9+/]{43}=");
        assertThat(Passwords.matches("horizon", hash)).isTrue();
        assertThat(Passwords.matches("horizoN", hash)).isFalse();
        assertThat(Passwords.pbkdf2(3_000).hash("horizon")).as("salted").isNotEqualTo(hash);
    }

    @Test
    void aHashOfTheFirstFormatStillVerifies() throws Exception {
        String legacy = legacyHash("horizon", 2_000);
        assertThat(Passwords.matches("horizon", legacy)).isTrue();
        assertThat(Passwords.matches("wrong", legacy)).isFalse();
    }

    @Test
    void rehashesOldFormatsAndFewerIterationsButNeverToFewerIterations() throws Exception {
        Passwords current = Passwords.pbkdf2(4_000);
        assertThat(current.needsRehash(legacyHash("p", 2_000))).isTrue();
        assertThat(current.needsRehash(legacyHash("p", 4_000))).isTrue();
        assertThat(current.needsRehash(legacyHash("p", 8_000))).isFalse();
        assertThat(current.needsRehash(Passwords.pbkdf2(2_000).hash("p"))).isTrue();
        assertThat(current.needsRehash(current.hash("p"))).isFalse();
        assertThat(current.needsRehash(Passwords.pbkdf2(8_000).hash("p"))).isFalse();
    }

    @Test
    void anUnreadableHashMatchesNothing() {
        for (String stored : new String[] {"", "x", "a$b$c", "pbkdf2-sha256$1000$!!$AA==", "md5$1$AA==$AA==",
            "0$AA==$AA==", "1000$AA==$"}) {
            assertThat(Passwords.matches("", stored)).as(stored).isFalse();
        }
    }

    @Test
    void refusesIterationsBelowTheFloor() {
        assertThatThrownBy(() -> Passwords.pbkdf2(999))
            .hasMessage("password iterations: 999 (expected: 1000..10000000; OWASP recommends 600000)");
    }
}
