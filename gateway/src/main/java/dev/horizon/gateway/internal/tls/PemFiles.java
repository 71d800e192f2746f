package dev.horizon.gateway.internal.tls;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads PEM files: certificate chains ({@code CERTIFICATE} blocks, leaf first) and unencrypted PKCS#8 private keys
 * ({@code PRIVATE KEY}) of RSA, EC or Ed25519. Every failure is an {@link IllegalArgumentException} whose message
 * names the file and says what was expected.
 *
 * <p>Implementation notes. The JDK reads PEM certificates itself ({@link CertificateFactory} accepts Base64 with
 * its armour); keys are Base64 between the armour lines, as RFC 7468 §10 lays out. PKCS#1 ({@code RSA PRIVATE KEY})
 * and SEC1 ({@code EC PRIVATE KEY}) keys would need BouncyCastle; they are refused with the command that converts
 * them, as Envoy's and Go's loaders also name the format they want.
 */
final class PemFiles {

    private static final Pattern PRIVATE_KEY = Pattern.compile(
        "-----BEGIN ([A-Z ]*)PRIVATE KEY-----([A-Za-z0-9+/=\\s]+)-----END \\1PRIVATE KEY-----");
    private static final List<String> KEY_ALGORITHMS = List.of("EC", "RSA", "Ed25519");

    private PemFiles() {
    }

    /** The certificates of {@code file}, in file order; at least one. */
    static List<X509Certificate> certificates(Path file) {
        List<X509Certificate> chain = new ArrayList<>();
        try (InputStream in = Files.newInputStream(file)) {
            for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                chain.add((X509Certificate) c);
            }
        } catch (IOException e) {
            throw new IllegalArgumentException(file + ": cannot read: " + reason(e), e);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException(file + ": not a PEM certificate chain (" + e.getMessage() + ")", e);
        }
        if (chain.isEmpty()) {
            throw new IllegalArgumentException(file
                + ": no certificate (expected: -----BEGIN CERTIFICATE----- blocks)");
        }
        return chain;
    }

    /** The private key of {@code file}. */
    static PrivateKey privateKey(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new IllegalArgumentException(file + ": cannot read: " + reason(e), e);
        }
        Matcher m = PRIVATE_KEY.matcher(text);
        if (!m.find()) {
            throw new IllegalArgumentException(file + ": no private key (expected: -----BEGIN PRIVATE KEY-----)");
        }
        if (!m.group(1).isEmpty()) {
            throw new IllegalArgumentException(file + ": a " + m.group(1) + "PRIVATE KEY (expected: unencrypted "
                + "PKCS#8, -----BEGIN PRIVATE KEY-----; convert with: openssl pkcs8 -topk8 -nocrypt -in " + file
                + ")");
        }
        byte[] der = Base64.getMimeDecoder().decode(m.group(2));
        PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(der);
        for (String algorithm : KEY_ALGORITHMS) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(spec);
            } catch (GeneralSecurityException e) {
                // the next algorithm: PKCS#8 names its algorithm inside, which each factory checks
            }
        }
        throw new IllegalArgumentException(file + ": not an RSA, EC or Ed25519 PKCS#8 key");
    }

    private static String reason(IOException e) {
        return e instanceof NoSuchFileException ? "No such file or directory"
            : e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
