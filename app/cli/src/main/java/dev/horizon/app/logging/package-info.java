/** How the {@code horizon} process writes its log lines: each one starts with an ISO-8601 timestamp. */
@NullMarked
package dev.horizon.app.logging;

import org.jspecify.annotations.NullMarked;
