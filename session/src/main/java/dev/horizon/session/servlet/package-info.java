/**
 * A Jakarta Servlet filter that backs {@code HttpSession} with a {@link dev.horizon.session.SessionStore}, so a
 * servlet application keeps its session code and loses its in-memory sessions. Set up and behaviour are in
 * {@code docs/session.md}.
 */
@NullMarked
package dev.horizon.session.servlet;

import org.jspecify.annotations.NullMarked;
