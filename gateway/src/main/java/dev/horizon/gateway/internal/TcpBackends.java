package dev.horizon.gateway.internal;

import dev.horizon.balance.Algorithm;
import dev.horizon.balance.Endpoint;
import dev.horizon.balance.HashKey;
import dev.horizon.balance.OutlierDetector;
import dev.horizon.gateway.internal.tcp.TcpEndpoint;
import dev.horizon.gateway.internal.tcp.TcpService;
import java.util.Set;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The services of the current {@link Snapshot} as the L4 listeners see them: the very {@link ServiceRuntime} the HTTP
 * path uses (balancer, health, outlier detection, drain, weights), with a connection counted as one request in
 * flight and one open connection for the load-aware balancers. Hash balancers key on the client's address
 * ({@code ip-hash}: nginx's first three octets), whatever {@code hash-on} says, since L4 sees no headers.
 */
final class TcpBackends implements TcpService.Directory {

    private final Supplier<Snapshot> snapshots;

    TcpBackends(Supplier<Snapshot> snapshots) {
        this.snapshots = snapshots;
    }

    @Override
    public @Nullable TcpService service(String name) {
        ServiceRuntime runtime = snapshots.get().services().get(name);
        return runtime == null ? null : new Service(runtime);
    }

    /** One service's runtime, as it was when the connection was accepted. */
    private record Service(ServiceRuntime runtime) implements TcpService {

        @Override
        public @Nullable TcpEndpoint pick(String clientAddress, Set<String> tried) {
            Algorithm algorithm = runtime.config().balance();
            long key = !algorithm.hashing() ? 0 : HashKey.of(algorithm == Algorithm.IP_HASH
                ? HashKeys.ipHashKey(clientAddress) : clientAddress);
            Endpoint e = runtime.pick(key, tried, TrafficSplit.STABLE);
            ServiceRuntime.Member m = e == null ? null : runtime.member(e.id());
            return m == null ? null : new TcpEndpoint(m.id(), m.address);
        }

        @Override
        public int attempts() {
            return 1 + runtime.config().retries().attempts();
        }

        @Override
        public void connected(TcpEndpoint endpoint) {
            ServiceRuntime.Member m = runtime.member(endpoint.id());
            if (m != null) {
                m.load.requestStarted();
                m.load.connectionOpened();
            }
            runtime.onResult(endpoint.id(), OutlierDetector.Outcome.SUCCESS);
        }

        @Override
        public void connectFailed(TcpEndpoint endpoint) {
            runtime.onResult(endpoint.id(), OutlierDetector.Outcome.CONNECT_FAILURE);
        }

        @Override
        public void closed(TcpEndpoint endpoint) {
            ServiceRuntime.Member m = runtime.member(endpoint.id());
            if (m != null) {
                m.load.requestFinished();
                m.load.connectionClosed();
            }
        }
    }
}
