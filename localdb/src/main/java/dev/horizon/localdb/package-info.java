/**
 * Throw-away PostgreSQL servers on this machine: {@link dev.horizon.localdb.LocalPostgres}, a primary and its
 * streaming replicas from the system's binaries, for {@code horizon demo --postgres} and, through
 * {@code horizon-testing}, for the tests.
 */
@NullMarked
package dev.horizon.localdb;

import org.jspecify.annotations.NullMarked;
