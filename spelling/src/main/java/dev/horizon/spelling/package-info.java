/**
 * "Did you mean": {@link dev.horizon.spelling.Spelling}, the one rule every module's messages use to suggest a name
 * for a misspelled one. A leaf module that any module may use.
 */
@NullMarked
package dev.horizon.spelling;

import org.jspecify.annotations.NullMarked;
