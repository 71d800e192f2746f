/**
 * {@code horizon demo}: the shop stack (gateway, autoscaled shop instances, a shared database) started from one
 * command, and built-in shoppers that play a ramp, a spike and a calm phase against it while a live status line shows
 * what the fleet does. Described in {@code docs/demo.md}.
 */
@NullMarked
package dev.horizon.showcase;

import org.jspecify.annotations.NullMarked;
