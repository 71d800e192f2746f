package dev.horizon.gateway.internal;

import static dev.horizon.gateway.internal.ExchangePhase.ANSWERED;
import static dev.horizon.gateway.internal.ExchangePhase.ATTEMPTING;
import static dev.horizon.gateway.internal.ExchangePhase.CONNECTING;
import static dev.horizon.gateway.internal.ExchangePhase.CUT;
import static dev.horizon.gateway.internal.ExchangePhase.DONE;
import static dev.horizon.gateway.internal.ExchangePhase.HEAD_HELD;
import static dev.horizon.gateway.internal.ExchangePhase.RECEIVING;
import static dev.horizon.gateway.internal.ExchangePhase.RELAYING;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.horizon.gateway.RetryPolicy;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The exchange's phases: the table of legal transitions, as written in {@link ExchangePhase}'s Javadoc. */
class ExchangePhaseTest {

    private static final Map<ExchangePhase, Set<ExchangePhase>> LEGAL = Map.of(
        RECEIVING, EnumSet.of(CONNECTING, ATTEMPTING, ANSWERED, DONE),
        CONNECTING, EnumSet.of(CONNECTING, ATTEMPTING, ANSWERED, DONE),
        ATTEMPTING, EnumSet.of(CONNECTING, ATTEMPTING, HEAD_HELD, ANSWERED, DONE),
        HEAD_HELD, EnumSet.of(ATTEMPTING, RELAYING, CUT, DONE),
        RELAYING, EnumSet.of(CUT, DONE),
        CUT, EnumSet.of(DONE),
        ANSWERED, EnumSet.of(DONE),
        DONE, EnumSet.noneOf(ExchangePhase.class));

    @Test
    void exactlyTheDocumentedTransitionsAreLegal() {
        List<String> legal = new ArrayList<>();
        for (ExchangePhase from : ExchangePhase.values()) {
            for (ExchangePhase to : ExchangePhase.values()) {
                if (from.canBecome(to)) {
                    legal.add(from + "->" + to);
                }
            }
        }
        List<String> documented = new ArrayList<>();
        for (ExchangePhase from : ExchangePhase.values()) {
            for (ExchangePhase to : LEGAL.getOrDefault(from, Set.of())) {
                documented.add(from + "->" + to);
            }
        }
        assertThat(legal).containsExactlyElementsOf(documented);
    }

    @Test
    void anAttemptOwnsABackendConnectionExactlyWhileAttemptingHoldingAHeadOrRelaying() {
        assertThat(EnumSet.allOf(ExchangePhase.class)).filteredOn(ExchangePhase::attached)
            .containsExactly(ATTEMPTING, HEAD_HELD, RELAYING);
        assertThat(EnumSet.allOf(ExchangePhase.class)).filteredOn(ExchangePhase::responseStarted)
            .containsExactly(HEAD_HELD, RELAYING, CUT, ANSWERED, DONE);
    }

    @Test
    void anIllegalTransitionThrowsNamingTheExchangeAndBothPhases() {
        try (ProxyHarness proxy = ProxyHarness.of(RetryPolicy.DEFAULTS)) {
            Exchange e = new Exchange(proxy.snapshot, Exchange.NO_REQUEST_LINE, "r1",
                ForwardedHeaders.client(ClientChannel.PEER, Exchange.NO_REQUEST_LINE.headers(),
                    proxy.snapshot.trusted()), 0, 0, new Attempts());
            e.to(ANSWERED);

            assertThatThrownBy(() -> e.to(RELAYING)).isInstanceOf(IllegalStateException.class)
                .hasMessage("exchange r1: illegal transition ANSWERED -> RELAYING");
            assertThat(e.phase()).isEqualTo(ANSWERED);
        }
    }
}
