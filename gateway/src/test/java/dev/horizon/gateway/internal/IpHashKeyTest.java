package dev.horizon.gateway.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class IpHashKeyTest {

    @Test
    void ipv4KeysOnTheFirstThreeOctetsLikeNginx() {
        assertThat(HashKeys.ipHashKey("10.1.2.3")).isEqualTo("10.1.2");
        assertThat(HashKeys.ipHashKey("10.1.2.200")).isEqualTo(HashKeys.ipHashKey("10.1.2.3"));
        assertThat(HashKeys.ipHashKey("10.1.3.3")).isEqualTo("10.1.3");
    }

    @Test
    void ipv6KeysOnTheWholeAddress() {
        assertThat(HashKeys.ipHashKey("2001:db8::1")).isEqualTo("2001:db8::1");
        assertThat(HashKeys.ipHashKey("::ffff:10.1.2.3")).isEqualTo("::ffff:10.1.2.3");
    }
}
