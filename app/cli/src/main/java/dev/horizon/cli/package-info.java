/**
 * The {@code horizon} command ({@link dev.horizon.cli.Horizon}): the picocli verbs and the wiring of the
 * {@code horizon} process, which runs the gateway, the managed services' fleets and autoscalers
 * ({@code dev.horizon.control}) and the admin API ({@code dev.horizon.admin}) from one {@code horizon.yaml}
 * ({@code dev.horizon.config}). The verbs that show Horizon at work ({@code demo}, {@code backend}) run
 * {@code dev.horizon.showcase}; {@code reshard} is {@code dev.horizon.reshard}.
 */
@NullMarked
package dev.horizon.cli;

import org.jspecify.annotations.NullMarked;
