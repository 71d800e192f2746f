/**
 * Servlet integration of the data tier: {@link dev.horizon.data.servlet.CausalConsistencyFilter} keeps each user's
 * read-your-writes token in their session. Needs {@code jakarta.servlet-api} 6 at run time.
 */
@NullMarked
package dev.horizon.data.servlet;

import org.jspecify.annotations.NullMarked;
