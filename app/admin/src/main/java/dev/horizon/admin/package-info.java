/**
 * The admin API of the {@code horizon} process and its client: {@link dev.horizon.admin.AdminServer} (services,
 * endpoints and managed instances as JSON, Prometheus metrics, drain, weight, scale, reload), guarded by a bearer
 * token ({@link dev.horizon.admin.AdminToken}), a cross-site check, a throttle of wrong tokens and a request deadline;
 * {@link dev.horizon.admin.AdminClient} is what the operator verbs use. One JSON codec, Jackson, reads and writes it
 * all.
 */
@NullMarked
package dev.horizon.admin;

import org.jspecify.annotations.NullMarked;
