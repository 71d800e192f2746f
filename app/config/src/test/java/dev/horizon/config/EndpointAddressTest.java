package dev.horizon.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Endpoint addresses the loader takes, and those it refuses with the exact reason. */
class EndpointAddressTest {

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1:9001", "10.0.0.255:1", "0.0.0.0:65535", "localhost:80", "shop:8080",
        "shop-1.internal:9001", "my_service:8080", "a.b.c.d.example.com:443", "x:080", "[::1]:9001",
        "[2001:db8::1]:80", "[::ffff:127.0.0.1]:9001", "A1-b2.EXAMPLE.org:9"})
    void acceptsHostPort(String address) {
        assertThat(EndpointAddress.checked(address)).isEqualTo(address);
    }

    static Stream<Arguments> refused() {
        String label64 = "a".repeat(64);
        String name254 = ("a".repeat(62) + ".").repeat(4) + "ab";
        return Stream.of(
            Arguments.of("a b:80", "address: 'a b:80': host 'a b' has a space at position 2 (expected: a host name "
                + "of letters, digits, '-', '_' and '.', an IPv4 address or an IPv6 address in brackets)"),
            Arguments.of("a\tb:80", "address: 'a\tb:80': host 'a\tb' has a tab at position 2 (expected: a host name "
                + "of letters, digits, '-', '_' and '.', an IPv4 address or an IPv6 address in brackets)"),
            Arguments.of("a\u0000b:80", "address: 'a\u0000b:80': host 'a\u0000b' has the control character U+0000 "
                + "at position 2 (expected: a host name of letters, digits, '-', '_' and '.', an IPv4 address or an "
                + "IPv6 address in brackets)"),
            Arguments.of("sh%6fp:80", "address: 'sh%6fp:80': host 'sh%6fp' has '%' at position 3 (expected: a host "
                + "name of letters, digits, '-', '_' and '.', an IPv4 address or an IPv6 address in brackets)"),
            Arguments.of("http://127.0.0.1:9001", "address: 'http://127.0.0.1:9001' (expected: host:port, without "
                + "a scheme)"),
            Arguments.of("https://shop:443", "address: 'https://shop:443' (expected: host:port, without a scheme)"),
            Arguments.of("127.0.0.1:9001/x", "address: '127.0.0.1:9001/x' (expected: host:port, without a path)"),
            Arguments.of("127.0.0.1", "address: '127.0.0.1' (expected: host:port)"),
            Arguments.of(":80", "address: ':80' (expected: host:port)"),
            Arguments.of("shop:", "address: 'shop:' (expected: host:port)"),
            Arguments.of("[::1]", "address: '[::1]' (expected: host:port)"),
            Arguments.of("shop:http", "address: 'shop:http': port 'http' (expected: 1..65535)"),
            Arguments.of("shop:+80", "address: 'shop:+80': port '+80' (expected: 1..65535)"),
            Arguments.of("shop:0", "address: 'shop:0': port 0 (expected: 1..65535)"),
            Arguments.of("shop:65536", "address: 'shop:65536': port 65536 (expected: 1..65535)"),
            Arguments.of("shop:123456", "address: 'shop:123456': port '123456' (expected: 1..65535)"),
            Arguments.of("::1:9001", "address: '::1:9001' (expected: an IPv6 address in brackets, then :port, "
                + "e.g. [::1]:9001)"),
            Arguments.of("[127.0.0.1]:80", "address: '[127.0.0.1]:80': host '[127.0.0.1]' (expected: an IPv6 "
                + "address in brackets, e.g. [::1]:9001)"),
            Arguments.of("[fe80::1%eth0]:80", "address: '[fe80::1%eth0]:80': host '[fe80::1%eth0]' (expected: an "
                + "IPv6 address in brackets, e.g. [::1]:9001)"),
            Arguments.of("[]:80", "address: '[]:80': host '[]' (expected: an IPv6 address in brackets, e.g. "
                + "[::1]:9001)"),
            Arguments.of("256.1.1.1:80", "address: '256.1.1.1:80': host '256.1.1.1' (expected: an IPv4 address "
                + "of four numbers 0..255, e.g. 127.0.0.1)"),
            Arguments.of("10.1:80", "address: '10.1:80': host '10.1' (expected: an IPv4 address of four numbers "
                + "0..255, e.g. 127.0.0.1)"),
            Arguments.of("-shop:80", "address: '-shop:80': host '-shop' (expected: dot-separated labels of 1 to 63 "
                + "letters, digits, '-' or '_', not starting or ending with '-')"),
            Arguments.of("shop..local:80", "address: 'shop..local:80': host 'shop..local' (expected: dot-separated "
                + "labels of 1 to 63 letters, digits, '-' or '_', not starting or ending with '-')"),
            Arguments.of("shop.:80", "address: 'shop.:80': host 'shop.' (expected: dot-separated labels of 1 to 63 "
                + "letters, digits, '-' or '_', not starting or ending with '-')"),
            Arguments.of(label64 + ":80", "address: '" + label64 + ":80': host '" + label64 + "' (expected: "
                + "dot-separated labels of 1 to 63 letters, digits, '-' or '_', not starting or ending with '-')"),
            Arguments.of(name254 + ":80", "address: '" + name254 + ":80': host name of 254 characters (expected: "
                + "at most 253)"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refused")
    void refusesWithTheReason(String address, String message) {
        assertThatThrownBy(() -> EndpointAddress.checked(address))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessage(message);
    }
}
