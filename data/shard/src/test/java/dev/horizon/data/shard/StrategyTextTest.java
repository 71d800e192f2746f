package dev.horizon.data.shard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Strategies as a topology store records them: each kind round-trips, and what cannot be recorded is refused. */
final class StrategyTextTest {

    @Test
    void everyRecordableStrategyRoundTrips() {
        List<ShardStrategy> strategies = List.of(ShardStrategy.hashMod(3), ShardStrategy.jumpHash(4),
            ShardStrategy.ring(5), ShardStrategy.range(100, 250), ShardStrategy.range());
        List<String> texts = strategies.stream().map(StrategyText::format).toList();
        assertThat(texts).containsExactly("hash-mod:3", "jump-hash:4", "ring:5", "range:100,250", "range:");
        assertThat(texts.stream().map(StrategyText::parse).toList()).isEqualTo(strategies);
    }

    @Test
    void refusesAStrategyItCannotRecreateAndGarbage() {
        ShardStrategy own = new ShardStrategy() {
            @Override
            public int shards() {
                return 2;
            }

            @Override
            public int shardOf(Object key) {
                return 0;
            }

            @Override
            public ShardStrategy grow() {
                return this;
            }

            @Override
            public String toString() {
                return "everything-on-0";
            }
        };
        assertThatThrownBy(() -> StrategyText.format(own)).hasMessage("strategy everything-on-0 cannot be recorded in "
            + "a topology store (expected: hash-mod, jump-hash, ring or range)");
        assertThatThrownBy(() -> StrategyText.parse("modulo:3")).hasMessage("recorded strategy: 'modulo:3' "
            + "(expected: hash-mod:N, jump-hash:N, ring:N or range:B1,B2,…)");
        assertThatThrownBy(() -> StrategyText.parse("jump-hash:x")).isInstanceOf(IllegalArgumentException.class);
    }
}
