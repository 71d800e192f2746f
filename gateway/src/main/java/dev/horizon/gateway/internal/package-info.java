/** The gateway's implementation: codecs, handlers and pools. Not an API: nothing outside the gateway imports it. */
@NullMarked
package dev.horizon.gateway.internal;

import org.jspecify.annotations.NullMarked;
