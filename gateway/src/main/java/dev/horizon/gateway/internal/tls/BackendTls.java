package dev.horizon.gateway.internal.tls;

import dev.horizon.gateway.EndpointTls;
import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import java.net.InetSocketAddress;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLException;
import org.jspecify.annotations.Nullable;

/**
 * TLS from the gateway to the endpoints of one service ({@code services.NAME.tls}): one client context per service
 * (on the same engine as the listener), a handler per new pooled connection. With {@code verify} the endpoint's
 * certificate must chain to {@code ca} (the JDK's trust store without one) and name the server name, which is
 * {@code sni} or else the endpoint's host (RFC 6125 host-name checks, the JDK's {@code HTTPS} endpoint
 * identification); without it any certificate is accepted.
 */
public final class BackendTls {

    private final SslContext context;
    private final @Nullable String sni;

    private BackendTls(SslContext context, @Nullable String sni) {
        this.context = context;
        this.sni = sni;
    }

    /**
     * The client side of {@code config}.
     *
     * @throws IllegalArgumentException when the CA file cannot be read or the engine refuses the settings
     */
    public static BackendTls of(EndpointTls config) {
        SslContextBuilder b = SslContextBuilder.forClient()
            .sslProvider(TlsEngine.best().provider())
            .applicationProtocolConfig(new ApplicationProtocolConfig(ApplicationProtocolConfig.Protocol.ALPN,
                ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE,
                ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT, ApplicationProtocolNames.HTTP_1_1));
        if (!config.verify()) {
            b.trustManager(InsecureTrustManagerFactory.INSTANCE).endpointIdentificationAlgorithm(null);
        } else {
            b.endpointIdentificationAlgorithm("HTTPS");
            if (config.ca() != null) {
                b.trustManager(PemFiles.certificates(config.ca()).toArray(new X509Certificate[0]));
            }
        }
        try {
            return new BackendTls(b.build(), config.sni());
        } catch (SSLException e) {
            throw new IllegalArgumentException("tls: refused by the TLS engine: " + e.getMessage(), e);
        }
    }

    /** The handler of a new connection to {@code endpoint}; its handshake starts when the connection is active. */
    public SslHandler newHandler(ByteBufAllocator alloc, InetSocketAddress endpoint) {
        return context.newHandler(alloc, sni != null ? sni : endpoint.getHostString(), endpoint.getPort());
    }
}
