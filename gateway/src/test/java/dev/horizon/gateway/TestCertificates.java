package dev.horizon.gateway;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Certificates made by the {@code openssl} command into a directory of the test: a CA, and leaves it signs (ECDSA
 * P-256 or RSA-2048, with the given serial and DNS names), each leaf's file holding the chain leaf first. Tests that
 * use it are skipped on a machine without {@code openssl}.
 */
public final class TestCertificates {

    /** The key of a leaf. */
    public enum Key {
        EC_P256("ec", "ec_paramgen_curve:P-256"),
        RSA_2048("rsa", "rsa_keygen_bits:2048");

        final String algorithm;
        final String option;

        Key(String algorithm, String option) {
            this.algorithm = algorithm;
            this.option = option;
        }
    }

    private final Path dir;
    private final Path caCert;
    private final Path caKey;

    public TestCertificates(Path dir) throws IOException {
        this.dir = dir;
        this.caCert = dir.resolve("ca.pem");
        this.caKey = dir.resolve("ca.key");
        run("openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
            "-keyout", caKey.toString(), "-out", caCert.toString(), "-days", "30", "-subj", "/CN=Horizon Test CA");
    }

    /** Skips the calling test when {@code openssl} cannot be run. */
    public static void assumeOpenssl() {
        boolean present;
        try {
            present = new ProcessBuilder("openssl", "version").start().waitFor() == 0;
        } catch (IOException e) {
            present = false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            present = false;
        }
        assumeTrue(present, "needs the openssl command (Debian package openssl)");
    }

    public Path ca() {
        return caCert;
    }

    /** A client TLS context trusting this CA (and nothing else). */
    SSLContext trustingCa() throws Exception {
        KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
        trust.load(null, null);
        try (InputStream in = Files.newInputStream(caCert)) {
            trust.setCertificateEntry("ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, tmf.getTrustManagers(), null);
        return context;
    }

    /**
     * A leaf for {@code names} (the first is also its common name) signed by the CA, into {@code file}.pem and
     * {@code file}.key; {@code clientAuth} makes it a client certificate. A name starting with a digit is an IP
     * address.
     */
    public TlsConfig.Certificate leaf(String file, Key key, long serial, boolean clientAuth, String... names)
            throws IOException {
        Path cert = dir.resolve(file + ".pem");
        Path keyFile = dir.resolve(file + ".key");
        Path csr = dir.resolve(file + ".csr");
        Path ext = dir.resolve(file + ".ext");
        List<String> sans = new ArrayList<>();
        for (String n : names) {
            sans.add((Character.isDigit(n.charAt(0)) ? "IP:" : "DNS:") + n);
        }
        Files.writeString(ext, "subjectAltName=" + String.join(",", sans) + "\n"
            + (clientAuth ? "extendedKeyUsage=clientAuth\n" : "extendedKeyUsage=serverAuth\n"));
        run("openssl", "req", "-newkey", key.algorithm, "-pkeyopt", key.option, "-nodes", "-keyout",
            keyFile.toString(), "-out", csr.toString(), "-subj", "/CN=" + names[0]);
        Path leafOnly = dir.resolve(file + ".leaf");
        run("openssl", "x509", "-req", "-in", csr.toString(), "-CA", caCert.toString(), "-CAkey", caKey.toString(),
            "-set_serial", Long.toString(serial), "-days", "30", "-extfile", ext.toString(), "-out",
            leafOnly.toString());
        Path tmp = dir.resolve(file + ".pem.tmp");
        Files.writeString(tmp, Files.readString(leafOnly) + Files.readString(caCert));
        Files.move(tmp, cert, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
            java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        return new TlsConfig.Certificate(cert, keyFile);
    }

    /** Runs a command, failing with its output when it fails. */
    public static String run(String... command) throws IOException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IOException(String.join(" ", command) + " failed: " + out);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
        return out;
    }
}
