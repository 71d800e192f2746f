/**
 * An instance's size: {@link dev.horizon.sizing.Cpu} in millicores and {@link dev.horizon.sizing.Memory} in bytes,
 * parsed and printed as Kubernetes writes quantities ({@code 500m}, {@code 1.5}, {@code 512Mi}, {@code 1Gi}),
 * {@link dev.horizon.sizing.Resources} for the pair, and {@link dev.horizon.sizing.SizeCatalog} of named
 * {@link dev.horizon.sizing.Size}s with prices. A leaf module: the fleet enforces these values, the autoscaler
 * chooses among them, the configuration reads them, and none of them owns them.
 */
@NullMarked
package dev.horizon.sizing;

import org.jspecify.annotations.NullMarked;
