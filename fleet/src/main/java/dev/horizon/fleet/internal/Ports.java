package dev.horizon.fleet.internal;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Free ports on 127.0.0.1 for new instances. The kernel picks a free port (bind to port 0), the socket is closed and
 * the instance binds the port itself soon after. A port stays reserved here until its instance has exited, so two
 * launches in this JVM never get the same port even when the kernel hands one out again before its instance binds it.
 * Another program on the machine may still take the port in that window; the instance then fails to bind, exits and
 * is replaced like any other failure.
 */
final class Ports {

    static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    private static final int ATTEMPTS = 100;

    /** One set for the whole JVM: several providers (one per service) must not collide either. */
    private static final Set<Integer> RESERVED = ConcurrentHashMap.newKeySet();

    private Ports() {
    }

    /** A free port, reserved until {@link #release}. */
    static int reserve() throws IOException {
        for (int i = 0; i < ATTEMPTS; i++) {
            int port;
            try (ServerSocket socket = new ServerSocket()) {
                socket.bind(new InetSocketAddress(LOOPBACK, 0));
                port = socket.getLocalPort();
            }
            if (RESERVED.add(port)) {
                return port;
            }
        }
        throw new IOException("no free port on " + LOOPBACK.getHostAddress() + " after " + ATTEMPTS + " attempts ("
            + RESERVED.size() + " reserved by running instances)");
    }

    /** Makes a port available again once its instance has exited. */
    static void release(int port) {
        RESERVED.remove(port);
    }
}
