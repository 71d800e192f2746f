/**
 * Sharding: {@link dev.horizon.data.shard.ShardRouter} routes work by shard key over several databases by a
 * {@link dev.horizon.data.shard.ShardStrategy}, {@link dev.horizon.data.shard.ScatterQuery} reads across them,
 * {@link dev.horizon.data.shard.Resharder} moves a router online to one more shard, and
 * {@link dev.horizon.data.shard.TopologyStore} shares the topology between processes with an epoch that fences stale
 * writers. Everything is described in {@code docs/data.md}.
 */
@NullMarked
package dev.horizon.data.shard;

import org.jspecify.annotations.NullMarked;
