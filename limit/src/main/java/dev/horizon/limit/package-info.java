/**
 * Rate-limit and concurrency-limit laws. Rates: {@link dev.horizon.limit.Gcra}, the generic cell rate algorithm
 * that decides a request from one stored instant, and {@link dev.horizon.limit.TokenBucket}, a lock-free per-key
 * bucket that runs the same law on an {@link java.util.concurrent.atomic.AtomicLong}. Concurrency:
 * {@link dev.horizon.limit.ConcurrencyLimit}, how many requests a service may have in flight — fixed, Netflix's
 * Gradient2 over windows of samples, or AIMD — for the gateway's load shedding.
 *
 * <p>Nothing here does I/O, starts threads or reads a clock: the caller passes the time, in whatever unit its
 * {@link dev.horizon.limit.Rate} interval is expressed in (nanoseconds for the concurrency limits), so every decision
 * is a deterministic function of its inputs and the tests are exact.
 */
@NullMarked
package dev.horizon.limit;

import org.jspecify.annotations.NullMarked;
