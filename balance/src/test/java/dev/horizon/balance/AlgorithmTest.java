package dev.horizon.balance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class AlgorithmTest {

    @Test
    void everyConfigNameBuildsItsBalancer() {
        Pool pool = Fixtures.pool("a:5", "b:1", "c:1");

        assertThat(Fixtures.sequence(Algorithm.of("weighted-round-robin").create(pool, () -> 0L, Fixtures.seeded(1)),
            7)).isEqualTo("a a b a c a a");
        for (Algorithm a : Algorithm.values()) {
            assertThat(Algorithm.of(a.configName())).isSameAs(a);
            LoadBalancer balancer = a.create(pool, () -> 0L, Fixtures.seeded(1));
            assertThat(balancer.pool()).isSameAs(pool);
            assertThat(balancer instanceof HashBalancer).as(a.configName()).isEqualTo(a.hashing());
        }
    }

    @Test
    void unknownNameListsTheChoicesAndSuggestsTheClosest() {
        assertThatThrownBy(() -> Algorithm.of("least-reqest"))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessage("balance: 'least-reqest' (expected: round-robin | weighted-round-robin | least-connections"
                + " | least-request | peak-ewma | random | ip-hash | ring-hash | maglev | jump-hash | rendezvous)"
                + " (did you mean 'least-request'?)");
        assertThatThrownBy(() -> Algorithm.of("fastest"))
            .hasMessageEndingWith("| rendezvous)");
    }
}
