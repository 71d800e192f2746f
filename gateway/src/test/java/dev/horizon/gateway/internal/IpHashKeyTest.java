package dev.horizon.gateway.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class IpHashKeyTest {

    @Test
    void ipv4KeysOnTheFirstThreeOctetsLikeNginx() {
        assertThat(ProxyHandler.ipHashKey("10.1.2.3")).isEqualTo("10.1.2");
        assertThat(ProxyHandler.ipHashKey("10.1.2.200")).isEqualTo(ProxyHandler.ipHashKey("10.1.2.3"));
        assertThat(ProxyHandler.ipHashKey("10.1.3.3")).isEqualTo("10.1.3");
    }

    @Test
    void ipv6KeysOnTheWholeAddress() {
        assertThat(ProxyHandler.ipHashKey("2001:db8::1")).isEqualTo("2001:db8::1");
        assertThat(ProxyHandler.ipHashKey("::ffff:10.1.2.3")).isEqualTo("::ffff:10.1.2.3");
    }
}
