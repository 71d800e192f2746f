package dev.horizon.gateway.internal.http1;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.util.AsciiString;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** {@link FieldName}: names matched without regard to case, from bytes and chars alike, and the hop-by-hop list. */
class FieldNameTest {

    static Stream<Arguments> names() {
        return Stream.of(
            Arguments.of("Connection", FieldName.CONNECTION),
            Arguments.of("KEEP-ALIVE", FieldName.KEEP_ALIVE),
            Arguments.of("te", FieldName.TE),
            Arguments.of("Trailer", FieldName.TRAILER),
            Arguments.of("transfer-Encoding", FieldName.TRANSFER_ENCODING),
            Arguments.of("Upgrade", FieldName.UPGRADE),
            Arguments.of("Proxy-Connection", FieldName.PROXY),
            Arguments.of("proxy-authorization", FieldName.PROXY),
            Arguments.of("Proxy-", FieldName.OTHER),
            Arguments.of("Proxy", FieldName.OTHER),
            Arguments.of("Content-Length", FieldName.CONTENT_LENGTH),
            Arguments.of("HOST", FieldName.HOST),
            Arguments.of("Expect", FieldName.EXPECT),
            Arguments.of("X-Request-ID", FieldName.X_REQUEST_ID),
            Arguments.of("Content-Type", FieldName.OTHER),
            Arguments.of("Content-Lengths", FieldName.OTHER),
            Arguments.of("tE-", FieldName.OTHER),
            Arguments.of("connectio\u00ee", FieldName.OTHER),
            Arguments.of("", FieldName.OTHER));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("names")
    void matchesNamesWithoutRegardToCaseFromBytesAndChars(String name, FieldName expected) {
        byte[] line = ("x" + name + ": v").getBytes(StandardCharsets.ISO_8859_1);

        assertThat(FieldName.of(line, 1, 1 + name.length())).isEqualTo(expected);
        assertThat(FieldName.of(name)).isEqualTo(expected);
        assertThat(FieldName.of(new AsciiString(name))).isEqualTo(expected);
    }

    @Test
    void hopByHopFieldsAreConnectionKeepAliveTeTrailerTransferEncodingUpgradeAndProxyStar() {
        assertThat(Arrays.stream(FieldName.values()).filter(FieldName::isHopByHop)).containsExactly(
            FieldName.CONNECTION, FieldName.KEEP_ALIVE, FieldName.TE, FieldName.TRAILER, FieldName.TRANSFER_ENCODING,
            FieldName.UPGRADE, FieldName.PROXY);
    }
}
