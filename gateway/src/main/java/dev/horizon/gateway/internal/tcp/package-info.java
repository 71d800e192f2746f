/**
 * The gateway's L4 (TCP) listeners: accept, optionally read the TLS ClientHello's server name without terminating
 * TLS, connect to an endpoint of the listener's service (retrying another one while no byte was sent), optionally
 * write a PROXY protocol header, then relay bytes both ways until either side closes. Not an API.
 */
@NullMarked
package dev.horizon.gateway.internal.tcp;

import org.jspecify.annotations.NullMarked;
