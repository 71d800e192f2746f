package dev.horizon.app;

import dev.horizon.app.config.LoadedConfig;
import dev.horizon.app.scaling.ManagedControl;
import dev.horizon.app.scaling.ManagedServices;
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
     * Starts everything {@code config} describes; {@code log} gets the fleets' and autoscalers' events and
     * {@code reloader} serves {@code POST /admin/reload}.
     */
    static Stack start(LoadedConfig config, PrintWriter log, Reloading reloader) {
        Gateway gateway = Gateway.start(config.gateway());
        ManagedServices managed;
        try {
            managed = ManagedServices.start(config, gateway, log);
        } catch (RuntimeException e) {
            gateway.shutdown(Duration.ZERO);
            throw e;
        }
        try {
            AdminServer admin = new AdminServer(config.admin(), () -> gateway, () -> reloader.reload(managed),
                managed::control, System.getenv("HORIZON_ADMIN_TOKEN"));
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
