package dev.horizon.gateway.internal.tls;

import dev.horizon.gateway.CertificateStatus;
import dev.horizon.gateway.TlsConfig;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;

/**
 * One configured certificate, read and checked: its chain, key, the DNS names it is chosen for, and whether it
 * expires soon.
 *
 * <p>Checks, each refusing with a message naming the file: the chain parses; each certificate is signed by the next
 * one's key; the key belongs to the leaf (a test signature with the key verifies under the leaf's public key, which
 * works for every key type alike); the leaf is valid now. A leaf that expires within {@link #EXPIRY_WARNING} gets
 * a warning, as Envoy and certbot warn.
 */
record ServedCertificate(TlsConfig.Certificate files, List<X509Certificate> chain, PrivateKey key,
    List<String> names, List<String> warnings) {

    /** How close to its expiry a certificate is warned about. */
    static final Duration EXPIRY_WARNING = Duration.ofDays(14);
    private static final byte[] PROBE = "horizon key check".getBytes(StandardCharsets.US_ASCII);

    ServedCertificate {
        chain = List.copyOf(chain);
        names = List.copyOf(names);
        warnings = List.copyOf(warnings);
    }

    /** Reads and checks {@code files} at {@code now}; an {@link IllegalArgumentException} says what is wrong. */
    static ServedCertificate load(TlsConfig.Certificate files, Instant now) {
        List<X509Certificate> chain = PemFiles.certificates(files.cert());
        PrivateKey key = PemFiles.privateKey(files.key());
        X509Certificate leaf = chain.get(0);
        for (int i = 0; i + 1 < chain.size(); i++) {
            try {
                chain.get(i).verify(chain.get(i + 1).getPublicKey());
            } catch (GeneralSecurityException e) {
                throw new IllegalArgumentException(files.cert() + ": certificate " + (i + 2)
                    + " of the chain did not sign certificate " + (i + 1) + " (expected: leaf first, then each issuer)",
                    e);
            }
        }
        if (!matches(key, leaf.getPublicKey())) {
            throw new IllegalArgumentException(files.key() + ": the key does not belong to the certificate "
                + files.cert() + " (serial " + serial(leaf) + ")");
        }
        Instant notAfter = leaf.getNotAfter().toInstant();
        if (!now.isBefore(notAfter)) {
            throw new IllegalArgumentException(files.cert() + ": expired at " + notAfter + " (serial " + serial(leaf)
                + ")");
        }
        if (now.isBefore(leaf.getNotBefore().toInstant())) {
            throw new IllegalArgumentException(files.cert() + ": not valid before " + leaf.getNotBefore().toInstant());
        }
        List<String> warnings = new ArrayList<>();
        if (now.plus(EXPIRY_WARNING).isAfter(notAfter)) {
            warnings.add(files.cert() + ": expires at " + notAfter + ", within "
                + EXPIRY_WARNING.toDays() + " days (serial " + serial(leaf) + ")");
        }
        return new ServedCertificate(files, chain, key, names(leaf), warnings);
    }

    /** What {@code horizon status} shows of it. */
    CertificateStatus status() {
        X509Certificate leaf = chain.get(0);
        return new CertificateStatus(files.cert().toString(), names, serial(leaf), leaf.getNotAfter().toInstant());
    }

    static String serial(X509Certificate c) {
        return c.getSerialNumber().toString(16);
    }

    /** The DNS names of the subject alternative names, else the subject's common name; lower case. */
    static List<String> names(X509Certificate leaf) {
        List<String> names = new ArrayList<>();
        try {
            Collection<List<?>> alternatives = leaf.getSubjectAlternativeNames();
            if (alternatives != null) {
                for (List<?> san : alternatives) {
                    if (Integer.valueOf(2).equals(san.get(0))) { // dNSName (RFC 5280 §4.2.1.6)
                        names.add(String.valueOf(san.get(1)).toLowerCase(Locale.ROOT));
                    }
                }
            }
        } catch (CertificateParsingException e) {
            // unreadable alternative names: fall back to the common name
        }
        if (names.isEmpty()) {
            try {
                for (Rdn rdn : new LdapName(leaf.getSubjectX500Principal().getName()).getRdns()) {
                    if (rdn.getType().equalsIgnoreCase("CN")) {
                        names.add(String.valueOf(rdn.getValue()).toLowerCase(Locale.ROOT));
                    }
                }
            } catch (InvalidNameException e) {
                // no usable name: the certificate can still be the default
            }
        }
        return names;
    }

    private static boolean matches(PrivateKey key, PublicKey publicKey) {
        String algorithm = switch (key.getAlgorithm()) {
            case "RSA" -> "SHA256withRSA";
            case "EC" -> "SHA256withECDSA";
            default -> key.getAlgorithm(); // Ed25519
        };
        try {
            Signature sign = Signature.getInstance(algorithm);
            sign.initSign(key);
            sign.update(PROBE);
            byte[] signature = sign.sign();
            Signature verify = Signature.getInstance(algorithm);
            verify.initVerify(publicKey);
            verify.update(PROBE);
            return verify.verify(signature);
        } catch (GeneralSecurityException e) {
            return false; // a key of another type than the certificate's
        }
    }
}
