package dev.horizon.gateway;

import java.nio.file.Path;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * {@code tls} of a service in {@code horizon.yaml}: the gateway speaks TLS to the service's endpoints. Connections
 * are pooled and reused as plain ones are; the handshake is part of opening one, so a failed handshake is a failed
 * connect (retried on another endpoint, counted by outlier detection).
 *
 * @param verify whether the endpoint's certificate must chain to {@code ca} and name {@code sni} (or the endpoint's
 *               host); {@code false} accepts any certificate, for test set-ups only
 * @param ca     PEM CA certificates to verify against; null for the JDK's default trust store
 * @param sni    the server name sent and verified; null for the endpoint's host (no SNI for an IP address)
 */
public record EndpointTls(boolean verify, @Nullable Path ca, @Nullable String sni) {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]+(\\.[A-Za-z0-9_-]+)*");

    /** Validates the components. */
    public EndpointTls {
        if (sni != null && !NAME.matcher(sni).matches()) {
            throw new IllegalArgumentException("sni: '" + sni + "' (expected: a DNS name such as api.example.com)");
        }
    }

    /** Verified against the JDK's trust store, the endpoint's host as server name. */
    public static final EndpointTls DEFAULTS = new EndpointTls(true, null, null);
}
