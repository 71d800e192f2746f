/**
 * Cache-aside over Redis for values read from the database: {@link dev.horizon.data.cache.CacheAside}, with single
 * flight, XFetch early refresh, lease-protected stores, invalidations published to every instance and an optional
 * Caffeine first level. Described in {@code docs/data.md}.
 */
@NullMarked
package dev.horizon.data.cache;

import org.jspecify.annotations.NullMarked;
