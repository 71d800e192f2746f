package dev.horizon.config;

import dev.horizon.gateway.GatewayConfig;
import dev.horizon.gateway.Http2Config;
import dev.horizon.gateway.Route;
import dev.horizon.gateway.HealthProbe;
import dev.horizon.gateway.ServiceConfig;
import dev.horizon.gateway.TcpListener;
import dev.horizon.gateway.Timeouts;
import dev.horizon.gateway.TlsConfig;
import dev.horizon.gateway.WebSocketConfig;
import dev.horizon.balance.HealthCheck;
import dev.horizon.sizing.Resources;
import dev.horizon.sizing.SizeCatalog;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.CharacterCodingException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.snakeyaml.engine.v2.common.FlowStyle;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.Tag;

/**
 * Reads {@code horizon.yaml} into a {@link LoadedConfig}. Every key is documented in {@code docs/configuration.md}.
 *
 * <p>Contract: the result is a new immutable configuration, or a {@link ConfigException} whose message is
 * {@code FILE:LINE: message} naming the key path and what was expected; nothing else is thrown for any input, and
 * nothing is kept between calls, so a bad file changes nothing. Unknown keys, duplicate keys, values of the wrong
 * type, and keys the current version does not support yet ({@code instances}, {@code autoscale}) are all errors.
 * {@code ${NAME}} in a value is replaced by the environment variable {@code NAME}, and an unset one is an error.
 *
 * <p>Implementation notes. SnakeYAML Engine composes the text into a node tree (the YAML 1.2 core schema, with the
 * start mark of every node) and the loader walks that tree against the schema itself rather than constructing Java
 * maps: that is what lets every message carry a line, lets duplicate keys be refused, and keeps YAML's implicit
 * typing out of the way ({@code X-Canary: 1} is the text {@code 1}). Values then go through the gateway's records,
 * whose {@link IllegalArgumentException} messages ({@code weight: 0 (expected: 1..1000)}) are reported at the line
 * of the key they name.
 */
public final class ConfigLoader {

    /** Where clients connect when {@code gateway.listen} is absent. */
    public static final String DEFAULT_LISTEN = "127.0.0.1:8080";
    /** Where the admin API listens when {@code gateway.admin} is absent: loopback only. */
    public static final String DEFAULT_ADMIN = "127.0.0.1:9090";

    static final List<String> TOP_KEYS = List.of("gateway", "routes", "services", "sizes", "tcp");
    static final List<String> GATEWAY_KEYS = List.of("listen", "admin", "timeouts", "trusted-proxies",
        "max-connections", "drain-timeout", "io-threads", "access-log", "tls", "http2", "websocket");
    static final List<String> WEBSOCKET_KEYS = List.of("idle-timeout");
    static final List<String> TIMEOUT_KEYS = List.of("connect", "request-headers", "idle", "backend", "total");

    private ConfigLoader() {
    }

    /**
     * Loads {@code file}, substituting variables from the process environment. Messages name the file as given.
     *
     * @throws ConfigException when the file cannot be read or is not a valid configuration
     */
    public static LoadedConfig load(Path file) {
        return load(file, System.getenv());
    }

    /**
     * Parses {@code yaml}, the contents of a file called {@code fileName} (used only in messages), substituting
     * variables from the process environment.
     *
     * @throws ConfigException when it is not a valid configuration
     */
    public static LoadedConfig parse(String yaml, String fileName) {
        return parse(yaml, fileName, System.getenv());
    }

    /**
     * Loads {@code file} to replace the running configuration of a gateway listening on {@code running} (as
     * configured): as {@link #load(Path)}, and a {@code gateway.listen} other than {@code running} is refused at its
     * line, because moving the listener needs a restart.
     *
     * @throws ConfigException when the file cannot be read, is not a valid configuration, or moves the listener
     */
    public static LoadedConfig reload(Path file, InetSocketAddress running) {
        return load(file, System.getenv(), running);
    }

    /** {@link #load(Path)} with {@code env} as the environment. */
    static LoadedConfig load(Path file, Map<String, String> env) {
        return load(file, env, null);
    }

    /** {@link #reload} with {@code env} as the environment; a null {@code running} accepts any listener. */
    static LoadedConfig load(Path file, Map<String, String> env, @Nullable InetSocketAddress running) {
        String name = file.toString();
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new ConfigException(name + ": cannot read: " + reason(e), e);
        }
        return parse(text, name, env, running);
    }

    /** {@link #parse(String, String)} with {@code env} as the environment. */
    static LoadedConfig parse(String yaml, String fileName, Map<String, String> env) {
        return parse(yaml, fileName, env, null);
    }

    /** {@link #parse(String, String, Map)}, refusing a listener other than {@code running} unless it is null. */
    static LoadedConfig parse(String yaml, String fileName, Map<String, String> env,
            @Nullable InetSocketAddress running) {
        return parse(yaml, fileName, env, running, Machine.capacity());
    }

    /**
     * {@link #parse(String, String, Map, InetSocketAddress)} on a machine of the size {@code machine} (its cores
     * required, its memory null for no ceiling), past which every instance size is refused.
     */
    static LoadedConfig parse(String yaml, String fileName, Map<String, String> env,
            @Nullable InetSocketAddress running, Resources machine) {
        Node root = compose(yaml, fileName);
        ConfigNode document = new ConfigNode(fileName, Map.copyOf(env), root, "", ConfigNode.lineOf(root));
        if (!document.isMap()) {
            throw document.unexpected("a mapping with " + String.join(", ", TOP_KEYS));
        }
        ConfigMap top = document.map(TOP_KEYS);
        ConfigMap gateway = section(top, "gateway", GATEWAY_KEYS);
        InetSocketAddress listen = listenAddress(gateway, "listen", DEFAULT_LISTEN);
        if (running != null && !listen.equals(running)) {
            ConfigNode listenNode = gateway.get("listen");
            String change = "changing " + ListenAddress.text(running) + " to " + ListenAddress.text(listen)
                + (listenNode == null ? " (the default)" : "") + " needs a restart (a reload keeps the listener)";
            throw listenNode != null ? listenNode.error(change)
                : ConfigException.at(fileName, gateway.node().line(), "gateway.listen: " + change);
        }
        InetSocketAddress admin = listenAddress(gateway, "admin", DEFAULT_ADMIN);
        BoundAddresses bound = new BoundAddresses(listen);
        if (bound.take("gateway.admin", admin, "") != null) {
            ConfigNode adminNode = gateway.get("admin");
            String adminText = gateway.text("admin", DEFAULT_ADMIN);
            String listenText = gateway.text("listen", DEFAULT_LISTEN);
            throw (adminNode != null ? adminNode : gateway.node()).error(
                "'" + adminText + "' overlaps gateway.listen '" + listenText + "' (expected: another port)");
        }
        Timeouts timeouts = timeouts(section(gateway, "timeouts", TIMEOUT_KEYS));
        List<String> trustedProxies = trustedProxies(gateway.get("trusted-proxies"));
        GatewayConfig d = GatewayConfig.of(listen, List.of(), List.of());
        int maxConnections = gateway.integer("max-connections", d.maxConnections());
        Duration drainTimeout = gateway.duration("drain-timeout", d.drainTimeout());
        int ioThreads = gateway.integer("io-threads", d.ioThreads());
        boolean accessLog = gateway.bool("access-log", d.accessLog());
        SizeCatalog sizes = SizesSection.read(top.get("sizes"));
        Map<String, ServiceSection.Read> read;
        try {
            read = services(top.get("services"), new Sizing(sizes, machine));
        } catch (ConfigException e) {
            throw firstInFile(e, () -> RouteSection.read(top.get("routes"), serviceNames(top.get("services"))));
        }
        Map<String, ServiceConfig> services = new LinkedHashMap<>();
        Map<String, ManagedService> managed = new LinkedHashMap<>();
        read.forEach((name, r) -> {
            services.put(name, r.gateway());
            if (r.managed() != null) {
                managed.put(name, r.managed());
            }
        });
        List<Route> routes = RouteSection.read(top.get("routes"), services.keySet());
        TlsConfig tls = TlsSection.read(gateway.get("tls"), bound);
        List<TcpListener> tcp = TcpSection.read(top.get("tcp"), services.keySet(), bound);
        tcpConnectChecks(services, routes, tcp);
        Http2Config http2 = Http2Section.read(gateway.get("http2"));
        WebSocketConfig webSocket = webSocket(gateway.get("websocket"));
        GatewayConfig config = gateway.build(() -> new GatewayConfig(listen, timeouts, trustedProxies, maxConnections,
            drainTimeout, ioThreads, accessLog, routes, services, tcp, tls, http2, webSocket));
        return new LoadedConfig(config, admin, managed, sizes);
    }

    /** {@code gateway.websocket}: {@code idle-timeout} (1h). */
    private static WebSocketConfig webSocket(@Nullable ConfigNode node) {
        if (node == null) {
            return WebSocketConfig.DEFAULTS;
        }
        ConfigMap m = node.map(WEBSOCKET_KEYS);
        Duration idle = m.duration("idle-timeout", WebSocketConfig.DEFAULTS.idleTimeout());
        return m.build(() -> new WebSocketConfig(idle));
    }

    /**
     * {@code servicesError}, or the error {@code routes} meets first when it is earlier in the file: a file with
     * {@code routes} above {@code services} (as the examples are written) and a mistake in each gets the first one.
     * The routes are checked against the service names alone, which a bad service entry does not change.
     */
    private static ConfigException firstInFile(ConfigException servicesError, Runnable routes) {
        try {
            routes.run();
        } catch (ConfigException routesError) {
            if (routesError.line() < servicesError.line()) {
                return routesError;
            }
        }
        return servicesError;
    }

    /**
     * Gives a service used by {@code tcp} listeners and by no route, and without a {@code health} block, TCP-connect
     * checks at the default interval (HAProxy's {@code check} in {@code mode tcp}).
     */
    private static void tcpConnectChecks(Map<String, ServiceConfig> services, List<Route> routes,
        List<TcpListener> tcp) {
        for (TcpListener l : tcp) {
            ServiceConfig s = services.get(l.service());
            if (s != null && s.health() == null && routes.stream().noneMatch(r -> r.service().equals(s.name()))) {
                services.put(s.name(), s.withHealth(HealthProbe.tcpConnect(HealthCheck.DEFAULTS)));
            }
        }
    }

    /** The names under {@code services}, in file order; none when it is absent or not a mapping. */
    private static Set<String> serviceNames(@Nullable ConfigNode node) {
        if (node == null || !node.isMap()) {
            return Set.of();
        }
        try {
            return node.anyMap().entries().keySet();
        } catch (ConfigException e) {
            return Set.of(); // a duplicate or non-name key: the services error already says so
        }
    }

    /** Whether two listeners would bind the same port on a shared address (a wildcard overlaps every address). */
    private static Node compose(String yaml, String fileName) {
        Node root = YamlDocument.compose(yaml, fileName);
        if (root == null) {
            throw ConfigException.at(fileName, 1,
                "empty configuration (expected: " + String.join(", ", TOP_KEYS) + ")");
        }
        return root;
    }

    private static String reason(IOException e) {
        if (e instanceof NoSuchFileException) {
            return "No such file or directory";
        }
        if (e instanceof AccessDeniedException) {
            return "Permission denied";
        }
        if (e instanceof CharacterCodingException) {
            return "not valid UTF-8";
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    /** The mapping under {@code key}, or an empty one (every key at its default) when the key is absent. */
    private static ConfigMap section(ConfigMap parent, String key, List<String> keys) {
        ConfigNode node = parent.get(key);
        if (node != null) {
            return node.map(keys);
        }
        String path = parent.node().path().isEmpty() ? key : parent.node().path() + "." + key;
        MappingNode empty = new MappingNode(Tag.MAP, List.of(), FlowStyle.AUTO);
        return parent.node().child(empty, path, parent.node().line()).map(keys);
    }

    private static InetSocketAddress listenAddress(ConfigMap gateway, String key, String absent) {
        ConfigNode node = gateway.get(key);
        String text = node == null ? absent : node.text();
        try {
            return ListenAddress.parse(text);
        } catch (IllegalArgumentException e) {
            throw (node != null ? node : gateway.node()).error("'" + text + "' " + e.getMessage());
        }
    }

    private static Timeouts timeouts(ConfigMap t) {
        Timeouts d = Timeouts.DEFAULTS;
        Duration connect = t.duration("connect", d.connect());
        Duration requestHeaders = t.duration("request-headers", d.requestHeaders());
        Duration idle = t.duration("idle", d.idle());
        Duration backend = t.duration("backend", d.backend());
        Duration total = t.duration("total", d.total());
        return t.build(() -> new Timeouts(connect, requestHeaders, idle, backend, total));
    }

    private static List<String> trustedProxies(@Nullable ConfigNode node) {
        if (node == null) {
            return List.of();
        }
        List<String> entries = new ArrayList<>();
        for (ConfigNode item : node.list()) {
            String entry = item.text();
            try {
                IpLiteral.checkBlock(entry);
            } catch (IllegalArgumentException e) {
                throw item.error("'" + entry + "' " + e.getMessage());
            }
            entries.add(entry);
        }
        return entries;
    }

    private static Map<String, ServiceSection.Read> services(@Nullable ConfigNode node, Sizing sizing) {
        Map<String, ServiceSection.Read> services = new LinkedHashMap<>();
        if (node != null) {
            for (Map.Entry<String, ConfigNode> e : node.anyMap().entries().entrySet()) {
                services.put(e.getKey(), ServiceSection.read(e.getKey(), e.getValue(), sizing));
            }
        }
        return services;
    }
}
