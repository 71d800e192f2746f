package dev.horizon.demo;

import dev.horizon.data.servlet.CausalConsistencyFilter;
import dev.horizon.session.AttributeCodec;
import dev.horizon.session.SessionStore;
import dev.horizon.session.servlet.SessionCookie;
import dev.horizon.session.servlet.SessionFilter;
import jakarta.servlet.DispatcherType;
import java.net.InetSocketAddress;
import java.util.EnumSet;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * The shop on Jetty 12: {@link RequestContextFilter}, then {@link SessionFilter} over the session store, then
 * {@link ShopServlet}. Stopping it is graceful: the connector closes, requests in flight finish (up to the stop
 * timeout), then the server exits.
 */
final class ShopServer implements AutoCloseable {

    private final Server server;
    private final ServerConnector connector;

    private ShopServer(Server server, ServerConnector connector) {
        this.server = server;
        this.connector = connector;
    }

    /**
     * What the shop's servlet and filters serve with: its instance id, data, sessions (and whether their store
     * answers), log, the simulated work per request and the login throttle.
     */
    record Shop(String instance, ShopData data, SessionStore sessions, BooleanSupplier sessionsAnswer, JsonLog log,
                long workMillis, LoginThrottle throttle) {
    }

    /**
     * Starts {@code shop} on {@code host:port} (port 0 picks a free one), answering with {@code X-Version: version};
     * stopping waits up to the stop timeout.
     */
    static ShopServer start(String host, int port, long stopTimeoutMillis, Shop shop, String version)
            throws Exception {
        QueuedThreadPool threads = new QueuedThreadPool(64, 4);
        threads.setName("shop");
        Server server = new Server(threads);
        server.setErrorHandler(new JsonErrorHandler());
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(http));
        connector.setHost(host);
        connector.setPort(port);
        server.addConnector(connector);

        ShopMetrics metrics = new ShopMetrics();
        ServletContextHandler context = new ServletContextHandler();
        context.setErrorHandler(new JsonErrorHandler());
        EnumSet<DispatcherType> requests = EnumSet.of(DispatcherType.REQUEST);
        context.addFilter(new FilterHolder(new RequestContextFilter(shop.instance(), version, metrics, shop.log())),
            "/*", requests);
        context.addFilter(new FilterHolder(SessionFilter.of(shop.sessions(),
            AttributeCodec.json(Map.of("cart", Cart.class)), SessionCookie.DEFAULT.withName("SHOP_SESSION"))), "/*",
            requests);
        context.addFilter(new FilterHolder(CausalConsistencyFilter.create()), "/*", requests);
        context.addServlet(new ServletHolder(new ShopServlet(shop.data(), metrics, shop.log(),
            shop.sessionsAnswer(), shop.instance(), shop.workMillis(), shop.throttle())), "/*");
        GracefulHandler graceful = new GracefulHandler(context);
        server.setHandler(graceful);
        server.setStopTimeout(stopTimeoutMillis);
        server.start();
        return new ShopServer(server, connector);
    }

    InetSocketAddress address() {
        return new InetSocketAddress(connector.getHost(), connector.getLocalPort());
    }

    /** Stops gracefully; blocks until in-flight requests finished or the stop timeout passed. */
    @Override
    public void close() throws Exception {
        server.stop();
    }
}
