package dev.horizon.data.shard;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Strategies as the text a {@link TopologyStore} records: {@code hash-mod:N}, {@code jump-hash:N}, {@code ring:N} and
 * {@code range:B1,B2,…} (the command line's names). A directory strategy has no text: its catalog is a data source.
 */
final class StrategyText {

    private StrategyText() {}

    static String format(ShardStrategy strategy) {
        return switch (strategy) {
            case ShardStrategy.HashMod h -> "hash-mod:" + h.shards();
            case HashedShards h -> h.kind().text() + ":" + h.shards();
            case ShardStrategy.RangeShards r -> "range:" + Arrays.stream(r.upperBounds()).mapToObj(Long::toString)
                .collect(Collectors.joining(","));
            default -> throw new IllegalArgumentException("strategy " + strategy + " cannot be recorded in a topology "
                + "store (expected: hash-mod, jump-hash, ring or range)");
        };
    }

    static ShardStrategy parse(String text) {
        int colon = text.indexOf(':');
        String name = colon < 0 ? text : text.substring(0, colon).toLowerCase(Locale.ROOT);
        String value = colon < 0 ? "" : text.substring(colon + 1);
        try {
            return switch (name) {
                case "hash-mod" -> ShardStrategy.hashMod(Integer.parseInt(value));
                case "jump-hash" -> ShardStrategy.jumpHash(Integer.parseInt(value));
                case "ring" -> ShardStrategy.ring(Integer.parseInt(value));
                case "range" -> ShardStrategy.range(value.isEmpty() ? new long[0]
                    : Arrays.stream(value.split(",")).mapToLong(Long::parseLong).toArray());
                default -> throw new IllegalArgumentException("unknown strategy");
            };
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("recorded strategy: '" + text + "' (expected: hash-mod:N, jump-hash:N, "
                + "ring:N or range:B1,B2,…)", e);
        }
    }
}
