/**
 * The data tier for stateless app servers.
 *
 * <p>{@link dev.horizon.data.DataScope} carries per-thread routing hints and read-your-writes
 * {@link dev.horizon.data.CausalToken}s; the read/write-splitting {@code RoutingDataSource} of
 * {@code horizon-data-replicas} (same package) reads them, and the shard, cache and servlet modules set them.
 * Everything is described in {@code docs/data.md}.
 */
@NullMarked
package dev.horizon.data;

import org.jspecify.annotations.NullMarked;
