/**
 * Real servers for tests, started from the system's binaries on free loopback ports and thrown away afterwards:
 * {@link dev.horizon.testing.RedisServer}, {@link dev.horizon.testing.RedisCluster} and
 * {@link dev.horizon.testing.PostgresServer} (a primary and its streaming replicas). Test scope only.
 */
@NullMarked
package dev.horizon.testing;

import org.jspecify.annotations.NullMarked;
