package dev.horizon.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link RevisionSplit}, {@link EndpointConfig#revision()} and {@link ServiceConfig#split()}: what they accept. */
class RevisionSplitTest {

    @Test
    void rejectsAWeightOutsideZeroToTenThousandBasisPoints() {
        assertThatThrownBy(() -> RevisionSplit.of("1", "2", 10_001))
            .hasMessage("split.weight: 10001 basis points (expected: 0..10000)");
        assertThatThrownBy(() -> RevisionSplit.of("1", "2", -1))
            .hasMessage("split.weight: -1 basis points (expected: 0..10000)");
        assertThat(RevisionSplit.of("1", "2", 0).withCanaryBasisPoints(RevisionSplit.ALL).canaryBasisPoints())
            .isEqualTo(10_000);
    }

    @Test
    void rejectsEmptyOrEqualRevisionsAndNamesThatAreNotTokens() {
        assertThatThrownBy(() -> RevisionSplit.of("", "2", 5)).hasMessage(
            "split.stable: '' (expected: letters, digits, _ . -)");
        assertThatThrownBy(() -> RevisionSplit.of("3", "3", 5)).hasMessage(
            "split.canary: '3' (expected: a revision other than the stable one)");
        assertThatThrownBy(() -> RevisionSplit.of("1", "2", 5).withSessionCookie("my session"))
            .hasMessage("split.session-cookie: 'my session' (expected: a header or cookie name token)");
        assertThatThrownBy(() -> new EndpointConfig("127.0.0.1:1", 1, "", "v 2"))
            .hasMessage("revision: 'v 2' (expected: letters, digits, _ . -)");
    }

    @Test
    void theOldConstructorsMeanNoRevisionAndNoSplitAndTheWithersKeepTheRest() {
        EndpointConfig plain = new EndpointConfig("127.0.0.1:1", 3, "a");
        assertThat(plain.revision()).isEmpty();
        assertThat(plain.withRevision("7")).isEqualTo(new EndpointConfig("127.0.0.1:1", 3, "a", "7"));
        ServiceConfig service = ServiceConfig.of("shop", List.of(plain));
        assertThat(service.split()).isNull();
        RevisionSplit split = RevisionSplit.of("1", "2", 500);
        ServiceConfig split500 = service.withSplit(split);
        assertThat(split500.split()).isEqualTo(split);
        assertThat(split500.withEndpoints(List.of()).split()).isEqualTo(split);
        assertThat(split500.withSplit(null)).isEqualTo(service);
    }
}
