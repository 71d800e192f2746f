/**
 * Implementation of the fleet's local-process provider; not for use outside Horizon. Nothing here is part of the
 * public API: users obtain the provider through {@link dev.horizon.fleet.Provider#localProcesses}.
 */
@NullMarked
package dev.horizon.fleet.internal;

import org.jspecify.annotations.NullMarked;
