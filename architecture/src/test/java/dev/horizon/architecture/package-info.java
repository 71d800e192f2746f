/** Architecture tests: the module rules of docs/design.md. */
@NullMarked
package dev.horizon.architecture;

import org.jspecify.annotations.NullMarked;
