package dev.horizon.gateway.internal;

import dev.horizon.gateway.TlsConfig;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.AsciiString;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.Certificate;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.HexFormat;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import javax.security.auth.x500.X500Principal;
import org.jspecify.annotations.Nullable;

/**
 * {@code gateway.tls.client-cert-header}: the request field that tells an endpoint which certificate the client
 * presented on the TLS listener, modelled on Envoy's {@code x-forwarded-client-cert}:
 * {@code Hash=<SHA-256 of the DER, hex>;Subject="<RFC 4514 DN>";Cert="<URL-encoded PEM>"}. A field of that name sent
 * by the client is always removed, on both listeners (it would be a forged certificate); the gateway's own is added
 * only when the client's certificate was verified in the handshake ({@code client-auth: optional | require}). The
 * value is computed once per TLS session and kept in it ({@link SSLSession#putValue}, the JSSE's application data on
 * a session), so the streams of an HTTP/2 connection, each with a proxy of its own, do not hash and encode the
 * certificate again.
 *
 * @param name  the field's name
 * @param value the field's value for this connection, or null when it has no verified client certificate
 */
record ClientCertificateField(AsciiString name, @Nullable String value) {

    /** The name the value is kept under in the session; "" for a session without a verified certificate. */
    private static final String CACHED = "dev.horizon.gateway.client-cert-field";

    /** The field for a connection with {@code ssl} (null over plain HTTP), or null when none is configured. */
    static @Nullable ClientCertificateField of(@Nullable SslHandler ssl, @Nullable TlsConfig tls) {
        String name = tls == null ? null : tls.clientCertHeader();
        if (name == null) {
            return null;
        }
        return new ClientCertificateField(AsciiString.of(name), ssl == null ? null : value(ssl));
    }

    private static @Nullable String value(SslHandler ssl) {
        SSLSession session = ssl.engine().getSession();
        if (session.getValue(CACHED) instanceof String cached) {
            return cached.isEmpty() ? null : cached;
        }
        String value = value(session);
        session.putValue(CACHED, value == null ? "" : value);
        return value;
    }

    private static @Nullable String value(SSLSession session) {
        try {
            Certificate[] chain = session.getPeerCertificates();
            return chain.length > 0 && chain[0] instanceof X509Certificate leaf ? describe(leaf) : null;
        } catch (SSLPeerUnverifiedException e) {
            return null; // client-auth: none or optional, and the client sent no certificate
        }
    }

    /** {@code Hash=…;Subject="…";Cert="…"} for {@code leaf}. */
    static String describe(X509Certificate leaf) {
        try {
            byte[] der = leaf.getEncoded();
            String pem = "-----BEGIN CERTIFICATE-----\n"
                + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der) + "\n-----END CERTIFICATE-----\n";
            return "Hash=" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(der))
                + ";Subject=\"" + ascii(leaf.getSubjectX500Principal().getName(X500Principal.RFC2253)) + "\""
                + ";Cert=\"" + URLEncoder.encode(pem, StandardCharsets.UTF_8).replace("+", "%20") + "\"";
        } catch (CertificateEncodingException | NoSuchAlgorithmException e) {
            throw new IllegalStateException("cannot encode the client certificate", e);
        }
    }

    /** The DN with {@code "} and {@code \} escaped and every byte outside printable ASCII as {@code \XX} (RFC 4514). */
    private static String ascii(String dn) {
        StringBuilder out = new StringBuilder(dn.length());
        for (byte b : dn.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xFF;
            if (c < 0x20 || c > 0x7E) {
                out.append('\\').append(HexFormat.of().withUpperCase().toHexDigits((byte) c));
            } else {
                if (c == '"' || c == '\\') {
                    out.append('\\');
                }
                out.append((char) c);
            }
        }
        return out.toString();
    }
}
