package dev.horizon.gateway.internal.tls;

import dev.horizon.gateway.CertificateStatus;
import dev.horizon.gateway.TlsConfig;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.ssl.SniHandler;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * The TLS listener ({@code gateway.tls}): accepts on its own socket and puts a {@link SniHandler} in front of the
 * very pipeline the plain listener builds, so routing, balancing, limits, the access log and metrics are the same.
 * The SNI handler waits for the ClientHello (at most {@code max-client-hello} bytes), picks the context from the
 * {@link SniMapping} and replaces itself with the {@code SslHandler}; {@code handshake-timeout} bounds the whole
 * wait, from accept to a finished handshake (Netty's {@code SniHandler} has no such bound unless given one).
 *
 * <p>A poll every {@link #POLL_PERIOD} reloads the certificates when a file changed; the session-ticket keys
 * rotate every {@link #TICKET_ROTATION}. Both run on a thread of their own, never on an event loop.
 */
public final class TlsListener {

    /** How often the certificate files are checked for a change. */
    public static final Duration POLL_PERIOD = Duration.ofSeconds(2);
    /** How often a new session-ticket key takes over. */
    static final Duration TICKET_ROTATION = Duration.ofHours(1);
    private static final System.Logger LOG = System.getLogger(TlsListener.class.getName());

    private final CertificateStore store;
    private final Channel server;
    private final ScheduledExecutorService upkeep;
    private volatile TlsConfig config;

    /**
     * Loads the certificates and binds {@code config.listen()}; each accepted connection gets {@code http} (the plain
     * listener's pipeline set-up) behind the TLS handlers; {@code clock} tells certificates' expiry. With
     * {@code toHttp2}, {@code h2} is offered by ALPN and a connection that chooses it is handed to {@code toHttp2}.
     *
     * @throws IllegalArgumentException when a certificate is refused
     * @throws IllegalStateException    when the address cannot be bound
     */
    public TlsListener(TlsConfig config, EventLoopGroup group, Class<? extends ServerChannel> serverClass,
        Consumer<SocketChannel> http, @Nullable Consumer<Channel> toHttp2, InstantSource clock) {
        this.config = config;
        TlsEngine engine = TlsEngine.best().offeringHttp2(toHttp2 != null);
        this.store = new CertificateStore(config, engine, clock, new TicketKeys(new SecureRandom()));
        // no half-closure, unlike the plain listener: a TLS 1.3 client's close_notify (before its FIN) makes Netty's
        // SslHandler close the connection anyway, so a request followed by the client's close is not answered either
        // way (tried: GatewayTlsTest got no answer with ServerChannels.halfClosing)
        ServerBootstrap bootstrap = new ServerBootstrap()
            .group(group)
            .channel(serverClass)
            .option(ChannelOption.SO_BACKLOG, 4096)
            .option(ChannelOption.SO_REUSEADDR, true)
            .childOption(ChannelOption.TCP_NODELAY, true)
            .childHandler(new ChannelInitializer<SocketChannel>() {
                @Override
                protected void initChannel(SocketChannel ch) {
                    http.accept(ch);
                    if (ch.isOpen()) {
                        TlsConfig c = TlsListener.this.config;
                        ch.pipeline().addFirst("tls", new SniHandler(store.mapping(), c.maxClientHello(),
                            c.handshakeTimeout().toMillis()));
                        if (toHttp2 != null) {
                            ch.pipeline().addAfter("tls", "alpn", new AlpnSwitch(toHttp2));
                        }
                    }
                }
            });
        try {
            this.server = bootstrap.bind(config.listen()).sync().channel();
        } catch (Exception e) {
            store.close();
            throw new IllegalStateException("cannot listen on " + config.listen().getHostString() + ":"
                + config.listen().getPort() + " (gateway.tls.listen): " + e.getMessage(), e);
        }
        LOG.log(System.Logger.Level.INFO, "tls: listening on " + server.localAddress() + " with the "
            + engine.describe() + " engine, " + config.certificates().size() + " certificate(s)");
        this.upkeep = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("horizon-tls-upkeep").factory());
        upkeep.scheduleWithFixedDelay(this::poll, POLL_PERIOD.toMillis(), POLL_PERIOD.toMillis(),
            TimeUnit.MILLISECONDS);
        upkeep.scheduleAtFixedRate(store::rotateTicketKeys, TICKET_ROTATION.toMillis(), TICKET_ROTATION.toMillis(),
            TimeUnit.MILLISECONDS);
    }

    public InetSocketAddress address() {
        return (InetSocketAddress) server.localAddress();
    }

    /** The TLS engine's name, as logged at start. */
    public String engine() {
        return store.engine().describe();
    }

    /**
     * Re-reads the certificates, under {@code next}'s settings; {@code next.listen()} must be the bound address.
     *
     * @throws IllegalArgumentException naming what was refused; the certificates before keep serving
     */
    public synchronized void reload(TlsConfig next) {
        if (!next.listen().equals(config.listen())) {
            throw new IllegalArgumentException("gateway.tls.listen: changing " + config.listen() + " to "
                + next.listen() + " needs a restart");
        }
        store.reload(next);
        config = next;
        LOG.log(System.Logger.Level.INFO, "tls: certificates reloaded: " + store.status());
    }

    /** The certificates served now. */
    public List<CertificateStatus> certificates() {
        return store.status();
    }

    private synchronized void poll() {
        try {
            if (store.changed()) {
                reload(config);
            }
        } catch (IllegalArgumentException e) {
            LOG.log(System.Logger.Level.ERROR, "tls: certificate change refused, the certificates before keep "
                + "serving: " + e.getMessage());
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "tls: certificate poll failed", e);
        }
    }

    /** Stops accepting connections; open ones are the data plane's to drain. */
    public void stopAccepting() {
        server.close().syncUninterruptibly();
        upkeep.shutdownNow();
    }

    /** Stops accepting and releases the certificates' contexts. */
    public void close() {
        stopAccepting();
        store.close();
    }
}
