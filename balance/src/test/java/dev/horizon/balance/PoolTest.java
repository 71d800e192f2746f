package dev.horizon.balance;

import static dev.horizon.balance.Fixtures.endpoints;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PoolTest {

    @Test
    void panicStartsBelowFiftyPercentHealthy() {
        assertThat(poolWith(5, 5, 0).panic()).as("5 of 10 healthy").isFalse();
        assertThat(poolWith(5, 5, 0).eligible()).extracting(Endpoint::id)
            .containsExactly("h0", "h1", "h2", "h3", "h4");
        assertThat(poolWith(4, 6, 0).panic()).as("4 of 10 healthy").isTrue();
        assertThat(poolWith(4, 6, 0).size()).isEqualTo(10);
    }

    @Test
    void drainingEndpointsCountNeitherTowardPanicNorAsEligible() {
        Pool pool = poolWith(4, 4, 2);

        assertThat(pool.panic()).as("4 of 8 non-draining healthy").isFalse();
        assertThat(poolWith(3, 4, 3).panic()).isTrue();
        assertThat(poolWith(3, 4, 3).eligible()).extracting(Endpoint::id)
            .containsExactly("h0", "h1", "h2", "u0", "u1", "u2", "u3");
    }

    @Test
    void thresholdZeroDisablesPanicAndHundredPanicsOnAnyUnhealthyEndpoint() {
        List<Endpoint> endpoints = all(1, 3, 0);

        assertThat(Pool.of(endpoints, 0).panic()).isFalse();
        assertThat(Pool.of(endpoints, 0).eligible()).extracting(Endpoint::id).containsExactly("h0");
        assertThat(Pool.of(all(9, 1, 0), 100).panic()).isTrue();
        assertThat(Pool.of(all(10, 0, 0), 100).panic()).isFalse();
    }

    @Test
    void weigherSetsEffectiveWeights() {
        Pool pool = Pool.of(endpoints("a:2", "b:4"), 50, e -> e.weight() * 0.5);

        assertThat(pool.weight(0)).isEqualTo(1.0);
        assertThat(pool.weight(1)).isEqualTo(2.0);
        assertThat(pool.totalWeight()).isEqualTo(3.0);
        assertThat(pool.equalWeights()).isFalse();
        assertThat(Fixtures.pool("a:3", "b:3").equalWeights()).isTrue();
    }

    @Test
    void rejectsBadInputWithPreciseMessages() {
        assertThatThrownBy(() -> Pool.of(endpoints("a", "b", "a")))
            .isInstanceOf(IllegalArgumentException.class).hasMessage("duplicate endpoint id 'a'");
        assertThatThrownBy(() -> Pool.of(endpoints("a"), 101))
            .hasMessage("panic threshold: 101% (expected: 0..100)");
        assertThatThrownBy(() -> Pool.of(endpoints("a"), 50, e -> 0))
            .hasMessage("endpoint a: effective weight: 0.0 (expected: finite and > 0)");
        assertThatThrownBy(() -> Pool.of(endpoints("a"), 50, e -> Double.NaN))
            .hasMessage("endpoint a: effective weight: NaN (expected: finite and > 0)");
    }

    @Test
    void emptyPoolHasNothingEligible() {
        assertThat(Pool.empty().isEmpty()).isTrue();
        assertThat(Pool.empty().panic()).isFalse();
        assertThat(Pool.of(List.of()).size()).isZero();
    }

    @Test
    void endpointRejectsBadComponentsAndKeepsItsCountersAcrossSnapshots() {
        assertThatThrownBy(() -> Endpoint.of("10.0.0.1:80", 0))
            .hasMessage("endpoint 10.0.0.1:80: weight: 0 (expected: 1..1000)");
        assertThatThrownBy(() -> Endpoint.of("10.0.0.1:80", 1001))
            .hasMessage("endpoint 10.0.0.1:80: weight: 1001 (expected: 1..1000)");
        assertThatThrownBy(() -> Endpoint.of(" "))
            .hasMessage("endpoint id: must not be blank");

        Endpoint e = Endpoint.of("10.0.0.1:80", 3);
        e.load().requestStarted();
        Endpoint ejected = e.withHealth(Health.EJECTED).withWeight(5);
        assertThat(ejected.load()).isSameAs(e.load());
        assertThat(ejected.load().inFlight()).isEqualTo(1);
        assertThat(ejected.weight()).isEqualTo(5);
        assertThat(e.withHealth(Health.HEALTHY)).isSameAs(e);
    }

    private static Pool poolWith(int healthy, int unhealthy, int draining) {
        return Pool.of(all(healthy, unhealthy, draining));
    }

    private static List<Endpoint> all(int healthy, int unhealthy, int draining) {
        List<Endpoint> list = new ArrayList<>();
        for (int i = 0; i < healthy; i++) {
            list.add(Endpoint.of("h" + i));
        }
        for (int i = 0; i < unhealthy; i++) {
            list.add(Endpoint.of("u" + i).withHealth(i % 2 == 0 ? Health.UNHEALTHY : Health.EJECTED));
        }
        for (int i = 0; i < draining; i++) {
            list.add(Endpoint.of("d" + i).withHealth(Health.DRAINING));
        }
        return list;
    }
}
