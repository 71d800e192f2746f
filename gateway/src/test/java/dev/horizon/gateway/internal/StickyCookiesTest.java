package dev.horizon.gateway.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Signed sticky-cookie values: what verifies, and every way a client could try to bend one. */
class StickyCookiesTest {

    private static final long NOW = 1_800_000_000L;
    private final StickyCookies cookies = StickyCookies.of("a shared secret of the shop");

    @Test
    void aSignedValueNamesItsEndpointUntilItExpires() {
        String value = cookies.sign("10.0.0.1:8080", NOW + 60);

        assertThat(value).startsWith("10.0.0.1:8080|" + (NOW + 60) + "|");
        assertThat(cookies.verify(value, NOW)).isEqualTo("10.0.0.1:8080");
        assertThat(cookies.verify(value, NOW + 60)).isEqualTo("10.0.0.1:8080");
        assertThat(cookies.verify(value, NOW + 61)).as("expired").isNull();
    }

    @Test
    void aValueSteeredToAnotherEndpointIsIgnored() {
        String value = cookies.sign("10.0.0.1:8080", NOW + 60);

        assertThat(cookies.verify(value.replace("10.0.0.1", "10.0.0.2"), NOW)).isNull();
    }

    @Test
    void aValueWithItsLifetimeExtendedIsIgnored() {
        String value = cookies.sign("10.0.0.1:8080", NOW + 60);

        assertThat(cookies.verify(value.replace("|" + (NOW + 60) + "|", "|" + (NOW + 999_999) + "|"), NOW)).isNull();
    }

    @Test
    void aValueSignedWithAnotherSecretIsIgnoredAndTheSameSecretIsAccepted() {
        String value = StickyCookies.of("another gateway's secret").sign("10.0.0.1:8080", NOW + 60);

        assertThat(cookies.verify(value, NOW)).isNull();
        assertThat(StickyCookies.of("a shared secret of the shop").verify(cookies.sign("e:1", NOW + 1), NOW))
            .isEqualTo("e:1");
    }

    @Test
    void malformedValuesAreIgnored() {
        assertThat(cookies.verify(null, NOW)).isNull();
        assertThat(cookies.verify("", NOW)).isNull();
        assertThat(cookies.verify("10.0.0.1:8080", NOW)).isNull();
        assertThat(cookies.verify("|" + NOW + "|sig", NOW)).isNull();
        assertThat(cookies.verify("e|notanumber|" + cookies.sign("e", NOW).substring(("e|" + NOW + "|").length()),
            NOW)).isNull();
    }

    @Test
    void aKeyShorterThan32BytesIsRefused() {
        assertThatThrownBy(() -> new StickyCookies(new byte[31]))
            .hasMessage("sticky secret: 31 bytes (expected: >= 32)");
    }
}
