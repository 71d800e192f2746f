/**
 * Which endpoint serves a request: the endpoint model, every balancing algorithm, and the pure state machines the
 * gateway drives with real traffic (health, outlier detection, slow start, panic threshold).
 *
 * <p>Nothing here does I/O, starts threads or reads the wall clock: time arrives as nanoseconds from a
 * {@link java.util.function.LongSupplier} and randomness from a {@link java.util.random.RandomGenerator}, so every
 * algorithm is a deterministic function of its inputs. Picks read immutable snapshots
 * ({@link dev.horizon.balance.Pool}) that are rebuilt when membership, health or weights change; a pick takes no lock.
 */
@NullMarked
package dev.horizon.balance;

import org.jspecify.annotations.NullMarked;
