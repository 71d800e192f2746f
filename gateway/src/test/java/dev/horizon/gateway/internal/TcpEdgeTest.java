package dev.horizon.gateway.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.horizon.gateway.EndpointConfig;
import dev.horizon.gateway.GatewayConfig;
import dev.horizon.gateway.ServiceConfig;
import dev.horizon.gateway.TcpListener;
import dev.horizon.gateway.internal.tcp.TcpLog;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.Test;

/**
 * Edges of the L4 relay a review found: a client whose request and FIN arrive before the endpoint's connect finishes
 * still gets the answer; an address shared by an SNI listener and a default one sends bytes that are not TLS to the
 * default and reads a ClientHello that comes one byte at a time.
 */
class TcpEdgeTest {

    private static ServiceConfig service(String name, int port) {
        return ServiceConfig.of(name, List.of(new EndpointConfig("127.0.0.1:" + port, 1, "")));
    }

    @Test
    void aClientThatSendsItsRequestAndFinBeforeTheConnectFinishesStillGetsTheAnswer() throws Exception {
        ConcurrentLinkedQueue<TcpLog.Entry> log = new ConcurrentLinkedQueue<>();
        try (ServerSocket endpoint = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            DataPlane plane = DataPlane.start(GatewayConfig.of(new InetSocketAddress("127.0.0.1", 0), List.of(),
                List.of(service("raw", endpoint.getLocalPort())))
                .withTcp(List.of(TcpListener.of("front", new InetSocketAddress("127.0.0.1", 0), "raw"))), log::add);
            try (Socket client = new Socket("127.0.0.1", Objects.requireNonNull(plane.tcpAddress("front")).getPort())) {
                client.setSoTimeout(5000);
                client.getOutputStream().write("hello".getBytes(StandardCharsets.US_ASCII));
                client.shutdownOutput();
                endpoint.setSoTimeout(5000);
                try (Socket a = endpoint.accept()) {
                    a.setSoTimeout(5000);
                    assertThat(new String(a.getInputStream().readAllBytes(), StandardCharsets.US_ASCII))
                        .isEqualTo("hello");
                    a.getOutputStream().write("bye".getBytes(StandardCharsets.US_ASCII));
                    a.shutdownOutput();
                    assertThat(new String(client.getInputStream().readAllBytes(), StandardCharsets.US_ASCII))
                        .isEqualTo("bye");
                }
            } finally {
                plane.shutdown(Duration.ofSeconds(1));
            }
        }
    }

    @Test
    void anSniAddressSendsNonTlsBytesToItsDefaultListenerAndReadsAClientHelloSentByteByByte() throws Exception {
        try (ServerSocket a = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
             ServerSocket b = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            InetSocketAddress shared = new InetSocketAddress("127.0.0.1", 0);
            ConcurrentLinkedQueue<TcpLog.Entry> log = new ConcurrentLinkedQueue<>();
            DataPlane plane = DataPlane.start(GatewayConfig.of(new InetSocketAddress("127.0.0.1", 0), List.of(),
                List.of(service("tls", a.getLocalPort()), service("plain", b.getLocalPort())))
                .withTcp(List.of(TcpListener.of("sni", shared, "tls").withSni("db.example.com"),
                    TcpListener.of("rest", shared, "plain"))), log::add);
            int port = Objects.requireNonNull(plane.tcpAddress("sni")).getPort();
            try {
                try (Socket c = new Socket("127.0.0.1", port)) {
                    c.getOutputStream().write("*1\r\n$4\r\nPING\r\n".getBytes(StandardCharsets.US_ASCII));
                    b.setSoTimeout(5000);
                    try (Socket s = b.accept()) {
                        s.setSoTimeout(5000);
                        byte[] buf = new byte[14];
                        s.getInputStream().readNBytes(buf, 0, 14);
                        assertThat(new String(buf, StandardCharsets.US_ASCII)).isEqualTo("*1\r\n$4\r\nPING\r\n");
                    }
                }
                byte[] hello = clientHello("db.example.com");
                try (Socket c = new Socket("127.0.0.1", port)) {
                    c.setTcpNoDelay(true);
                    OutputStream out = c.getOutputStream();
                    for (byte x : hello) {
                        out.write(x);
                        out.flush();
                    }
                    a.setSoTimeout(5000);
                    try (Socket s = a.accept()) {
                        s.setSoTimeout(5000);
                        byte[] got = s.getInputStream().readNBytes(hello.length);
                        assertThat(got).isEqualTo(hello);
                    }
                }
            } finally {
                plane.shutdown(Duration.ofSeconds(1));
            }
        }
    }

    /** A minimal TLS 1.2 ClientHello (RFC 5246 §7.4.1.2) with one server_name extension (RFC 6066 §3). */
    static byte[] clientHello(String host) throws java.io.IOException {
        byte[] name = host.getBytes(StandardCharsets.US_ASCII);
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        java.io.DataOutputStream b = new java.io.DataOutputStream(body);
        b.writeShort(0x0303); // client_version TLS 1.2
        b.write(new byte[32]); // random
        b.writeByte(0); // session id: none
        b.writeShort(2);
        b.writeShort(0x002f); // one cipher suite
        b.writeByte(1);
        b.writeByte(0); // compression: null
        b.writeShort(9 + name.length); // extensions' length
        b.writeShort(0); // server_name
        b.writeShort(5 + name.length);
        b.writeShort(3 + name.length); // server_name_list
        b.writeByte(0); // host_name
        b.writeShort(name.length);
        b.write(name);
        byte[] hello = body.toByteArray();
        ByteArrayOutputStream record = new ByteArrayOutputStream();
        java.io.DataOutputStream r = new java.io.DataOutputStream(record);
        r.writeByte(22); // handshake
        r.writeShort(0x0301);
        r.writeShort(4 + hello.length);
        r.writeByte(1); // client_hello
        r.writeByte(hello.length >> 16);
        r.writeShort(hello.length & 0xffff);
        r.write(hello);
        return record.toByteArray();
    }
}
