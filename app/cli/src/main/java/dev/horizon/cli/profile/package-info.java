/**
 * {@code horizon profile}: measures a running managed service's capacity curve through the gateway, one instance at
 * each CPU size and closed-loop concurrency, fits the Universal Scalability Law and writes the model file the
 * simulator reads ({@code docs/capacity.md}). The picocli verb is {@code dev.horizon.cli.ProfileCommand}.
 */
@NullMarked
package dev.horizon.cli.profile;

import org.jspecify.annotations.NullMarked;
