/**
 * {@code horizon reshard}: {@link dev.horizon.reshard.ReshardCommand}, a command line over the data tier's online
 * resharder (copy, catch up, verify, switch with a bounded write pause, or roll back).
 */
@NullMarked
package dev.horizon.reshard;

import org.jspecify.annotations.NullMarked;
