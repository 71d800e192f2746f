package dev.horizon.cli;

import dev.horizon.admin.AdminServer;
import dev.horizon.admin.AdminToken;
import dev.horizon.config.LoadedConfig;
import dev.horizon.control.ManagedControl;
import dev.horizon.control.ManagedServices;
import dev.horizon.gateway.Gateway;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * What {@code horizon up} and {@code horizon demo} run: the gateway, the managed services' fleets and autoscalers, and
 * the admin API, started in that order (each stopped again when a later one fails) and stopped in reverse.
 */
final class Stack implements AutoCloseable {

    private final Gateway gateway;
    private final ManagedServices managed;
    private final AdminServer admin;

    private Stack(Gateway gateway, ManagedServices managed, AdminServer admin) {
        this.gateway = gateway;
        this.managed = managed;
        this.admin = admin;
    }

    /**
     * Starts everything {@code config} describes; {@code log} gets the fleets' and autoscalers' events,
     * {@code console} the one-time notice of a newly generated admin token, and {@code reloader} serves
     * {@code POST /admin/reload}. The admin token is {@code HORIZON_ADMIN_TOKEN}, else the user's generated one
     * ({@link AdminToken}).
     *
     * @throws IllegalArgumentException when an address cannot be bound or the admin token cannot be used (a
     *                                  configuration error; nothing is left running)
     */
    static Stack start(LoadedConfig config, PrintWriter log, PrintWriter console, Reloading reloader) {
        AdminToken token = AdminToken.forServer(System.getenv(AdminToken.ENV), AdminToken.defaultFile(System.getenv()),
            config.admin());
        Gateway gateway;
        try {
            gateway = Gateway.start(config.gateway());
        } catch (IllegalStateException e) {
            throw new IllegalArgumentException("gateway.listen: " + e.getMessage(), e);
        }
        ManagedServices managed;
        try {
            managed = ManagedServices.start(config, gateway, log);
        } catch (RuntimeException e) {
            gateway.shutdown(Duration.ZERO);
            throw e;
        }
        try {
            AdminServer admin = new AdminServer(config.admin(), () -> gateway, () -> reloader.reload(managed),
                managed::control, token.value());
            if (token.generated()) {
                console.println("horizon: generated the admin API token in " + token.file() + " (readable only by "
                    + "you); the horizon verbs send it, other clients send \"Authorization: Bearer\" and its contents");
                console.flush();
            }
            return new Stack(gateway, managed, admin);
        } catch (RuntimeException e) {
            gateway.shutdown(Duration.ZERO);
            managed.close();
            throw e;
        }
    }

    /** Re-reads the configuration and applies it to the running managed services. */
    @FunctionalInterface
    interface Reloading {
        void reload(ManagedServices managed);
    }

    Gateway gateway() {
        return gateway;
    }

    ManagedServices managed() {
        return managed;
    }

    InetSocketAddress adminAddress() {
        return admin.address();
    }

    @Nullable ManagedControl control(String service) {
        return managed.control(service);
    }

    /** Closes the admin API, drains the gateway and stops the instances; false when requests were cut off. */
    boolean stop() {
        admin.close();
        boolean clean = gateway.shutdown(gateway.config().drainTimeout());
        managed.close();
        return clean;
    }

    @Override
    public void close() {
        stop();
    }

    static String text(InetSocketAddress a) {
        return a.getHostString() + ":" + a.getPort();
    }
}
