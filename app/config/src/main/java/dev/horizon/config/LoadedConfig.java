package dev.horizon.config;

import dev.horizon.gateway.GatewayConfig;
import dev.horizon.sizing.SizeCatalog;
import dev.horizon.spelling.Spelling;
import java.net.InetSocketAddress;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One {@code horizon.yaml}, loaded: what the gateway runs from, plus the settings of the {@code horizon} process that
 * the gateway's records do not carry. Immutable; a reload loads a new one.
 *
 * @param gateway the {@code gateway}, {@code routes} and {@code services} sections
 * @param admin   where the admin API, metrics and dashboard listen ({@code gateway.admin}, default
 *                {@code 127.0.0.1:9090})
 * @param managed the services whose instances Horizon runs, by name, in file order
 * @param sizes   the named sizes ({@code sizes:}, which replaces the default catalogue; else
 *                {@link SizeCatalog#defaults()})
 */
public record LoadedConfig(GatewayConfig gateway, InetSocketAddress admin, Map<String, ManagedService> managed,
                           SizeCatalog sizes) {

    /** Validates the components. */
    public LoadedConfig {
        Objects.requireNonNull(gateway, "gateway");
        Objects.requireNonNull(admin, "admin");
        managed = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(managed, "managed")));
        Objects.requireNonNull(sizes, "sizes");
    }

    /**
     * The managed service {@code name}.
     *
     * @throws IllegalArgumentException naming the managed services, with a "did you mean" for a typo
     */
    public ManagedService managed(String name) {
        ManagedService s = managed.get(name);
        if (s == null) {
            List<String> names = List.copyOf(managed.keySet());
            throw new IllegalArgumentException("'" + name + "' has no instances block (expected: one of "
                + String.join(", ", names) + ")" + Spelling.hint(name, names));
        }
        return s;
    }
}
