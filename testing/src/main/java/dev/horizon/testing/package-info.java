/**
 * For tests, in test scope only: real servers started from the system's binaries on free loopback ports and thrown
 * away afterwards ({@link dev.horizon.testing.RedisServer}, {@link dev.horizon.testing.RedisCluster},
 * {@link dev.horizon.testing.PostgresServer}, a primary and its streaming replicas from {@code horizon-localdb}), and
 * {@link dev.horizon.testing.LeakDetectionExtension}, which fails a test class whose Netty buffers leaked.
 */
@NullMarked
package dev.horizon.testing;

import org.jspecify.annotations.NullMarked;
