/**
 * Horizon's data plane: an HTTP/1.1 reverse proxy on Netty that routes requests to services, balances them over
 * endpoints with {@code dev.horizon.balance}, checks endpoint health actively and passively, retries safely, and
 * refuses malformed or hostile input before anything reaches a backend.
 */
@NullMarked
package dev.horizon.gateway;

import org.jspecify.annotations.NullMarked;
