/**
 * Sessions kept outside the app server's memory, so any instance of a service can serve any request.
 *
 * <p>{@link dev.horizon.session.SessionStore} is the contract; its static factories build the stores: Redis
 * (standalone and Cluster, one hash per session, only changed attributes written), JWT (signed tokens, no server
 * state) and in-memory (one instance, development only). {@link dev.horizon.session.Session} is one request's view of
 * a session and records what the request changed, which is what a store writes. The servlet filter in
 * {@code dev.horizon.session.servlet} puts a store behind {@code HttpSession}. Everything is described in
 * {@code docs/session.md}.
 */
@NullMarked
package dev.horizon.session;

import org.jspecify.annotations.NullMarked;
