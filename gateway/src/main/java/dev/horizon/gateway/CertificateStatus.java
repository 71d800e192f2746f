package dev.horizon.gateway;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A certificate the TLS listener serves now, for {@code horizon status} and {@code GET /admin/services}.
 *
 * @param file     the certificate file, as configured
 * @param names    the DNS names it is chosen for (its subject alternative names, else its common name)
 * @param serial   the serial number, in lower-case hex
 * @param notAfter when it expires
 */
public record CertificateStatus(String file, List<String> names, String serial, Instant notAfter) {

    /** Validates the components. */
    public CertificateStatus {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(serial, "serial");
        Objects.requireNonNull(notAfter, "notAfter");
        names = List.copyOf(Objects.requireNonNull(names, "names"));
    }
}
