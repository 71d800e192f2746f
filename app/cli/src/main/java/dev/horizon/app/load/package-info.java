/** Closed-loop HTTP load for scaling tests, the reaction-time benchmark and the demo's traffic. */
@NullMarked
package dev.horizon.app.load;

import org.jspecify.annotations.NullMarked;
