/**
 * TLS termination: certificates read from PEM files and checked, chosen by SNI, reloaded when their files change.
 * Not an API.
 */
@NullMarked
package dev.horizon.gateway.internal.tls;

import org.jspecify.annotations.NullMarked;
