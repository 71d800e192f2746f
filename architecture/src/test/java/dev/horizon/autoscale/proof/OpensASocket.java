package dev.horizon.autoscale.proof;

import java.io.IOException;
import java.net.Socket;

/** A test-only class in a pure module's package that opens a socket: the architecture rules must catch it. */
public final class OpensASocket {

    private OpensASocket() {
    }

    /** Opens a socket. */
    public static Socket open() throws IOException {
        return new Socket("127.0.0.1", 9);
    }
}
