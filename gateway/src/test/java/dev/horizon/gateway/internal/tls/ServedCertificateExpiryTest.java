package dev.horizon.gateway.internal.tls;

import static org.assertj.core.api.Assertions.assertThat;

import dev.horizon.gateway.TestCertificates;
import dev.horizon.gateway.TlsConfig;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link ServedCertificate}'s expiry warning, at clocks set 10 and 15 days before the certificate expires. */
class ServedCertificateExpiryTest {

    @TempDir
    Path dir;

    @Test
    void aCertificateExpiringWithinFourteenDaysIsServedWithAWarning() throws IOException {
        TestCertificates.assumeOpenssl();
        TlsConfig.Certificate files = new TestCertificates(dir).leaf("a", TestCertificates.Key.EC_P256, 0x1001, false,
            "a.test");
        Instant notAfter = ServedCertificate.load(files, Instant.now()).status().notAfter();

        ServedCertificate soon = ServedCertificate.load(files, notAfter.minus(10, ChronoUnit.DAYS));
        ServedCertificate later = ServedCertificate.load(files, notAfter.minus(15, ChronoUnit.DAYS));

        assertThat(soon.warnings()).containsExactly(files.cert() + ": expires at " + notAfter
            + ", within 14 days (serial 1001)");
        assertThat(later.warnings()).isEmpty();
    }
}
