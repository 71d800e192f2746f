package dev.horizon.gateway.internal.tls;

import dev.horizon.gateway.TlsConfig;
import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.OpenSslSessionContext;
import io.netty.handler.ssl.OpenSslSessionTicketKey;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLException;

/**
 * Builds the server {@link SslContext}s of the TLS listener on one engine: BoringSSL through netty-tcnative when it
 * loads ({@link OpenSsl#isAvailable}), the JDK's engine otherwise. Both offer {@code http/1.1} by
 * ALPN, and {@code h2} before it when {@link #offeringHttp2} says so.
 *
 * <p>Session resumption: the JDK engine issues tickets by default (JDK 13+). Netty turns tickets off on an OpenSSL
 * context until ticket keys are set, so every context gets the listener's shared {@link TicketKeys}, which also lets
 * a ticket issued under one certificate resume under another, as nginx's {@code ssl_session_ticket_key} does.
 */
final class TlsEngine {

    /** The system property that asks for the JDK engine: {@code -Dhorizon.tls.engine=jdk}. */
    static final String ENGINE_PROPERTY = "horizon.tls.engine";

    private final SslProvider provider;
    private final String[] protocols;

    private TlsEngine(SslProvider provider, String... protocols) {
        this.provider = provider;
        this.protocols = protocols;
    }

    /** This engine offering {@code h2} before {@code http/1.1} by ALPN when {@code http2}. */
    TlsEngine offeringHttp2(boolean http2) {
        return http2 ? new TlsEngine(provider, ApplicationProtocolNames.HTTP_2, ApplicationProtocolNames.HTTP_1_1)
            : this;
    }

    /**
     * The best engine this machine has, or the JDK's when the system property {@value #ENGINE_PROPERTY} is
     * {@code jdk} (to compare the two, as the benchmark does).
     */
    static TlsEngine best() {
        boolean jdk = "jdk".equals(System.getProperty(ENGINE_PROPERTY));
        return new TlsEngine(!jdk && OpenSsl.isAvailable() ? SslProvider.OPENSSL : SslProvider.JDK,
            ApplicationProtocolNames.HTTP_1_1);
    }

    /** A given engine; {@code OPENSSL} must be available. */
    static TlsEngine of(SslProvider provider) {
        if (provider != SslProvider.JDK && !OpenSsl.isAvailable()) {
            throw new IllegalStateException("TLS engine " + provider + " is not available here");
        }
        return new TlsEngine(provider, ApplicationProtocolNames.HTTP_1_1);
    }

    SslProvider provider() {
        return provider;
    }

    /** A name for the start-up line: {@code OpenSSL (BoringSSL ...)} or {@code JDK}. */
    String describe() {
        return provider == SslProvider.JDK ? "JDK"
            : "OpenSSL (" + OpenSsl.versionString() + ")";
    }

    /** The context serving {@code certificate} under {@code config}'s versions, ciphers and client checks. */
    SslContext server(TlsConfig config, ServedCertificate certificate, TicketKeys tickets) {
        try {
            SslContextBuilder b = SslContextBuilder
                .forServer(certificate.key(), certificate.chain().toArray(new X509Certificate[0]))
                .sslProvider(provider)
                .protocols(config.minVersion().andNewer())
                .applicationProtocolConfig(new ApplicationProtocolConfig(ApplicationProtocolConfig.Protocol.ALPN,
                    ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE,
                    ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT,
                    protocols));
            if (!config.ciphers().isEmpty()) {
                b.ciphers(config.ciphers());
            }
            if (config.clientAuth() != TlsConfig.ClientAuth.NONE && config.clientCa() != null) {
                b.trustManager(PemFiles.certificates(config.clientCa()).toArray(new X509Certificate[0]))
                    .clientAuth(config.clientAuth() == TlsConfig.ClientAuth.REQUIRE ? ClientAuth.REQUIRE
                        : ClientAuth.OPTIONAL);
            }
            SslContext context = b.build();
            if (context.sessionContext() instanceof OpenSslSessionContext openSsl) {
                openSsl.setTicketKeys(tickets.current().toArray(new OpenSslSessionTicketKey[0]));
            }
            return context;
        } catch (SSLException | IllegalArgumentException e) {
            throw new IllegalArgumentException(certificate.files().cert() + ": refused by the " + provider
                + " engine: " + e.getMessage(), e);
        }
    }
}
