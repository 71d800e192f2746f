/**
 * The data tier for stateless app servers.
 *
 * <p>{@link dev.horizon.data.RoutingDataSource} is a JDBC {@code DataSource} over a PostgreSQL primary and its
 * streaming replicas with sub-second lag awareness; {@link dev.horizon.data.DataScope} carries routing hints and
 * read-your-writes {@link dev.horizon.data.CausalToken}s. Everything is described in {@code docs/data.md}.
 */
@NullMarked
package dev.horizon.data;

import org.jspecify.annotations.NullMarked;
