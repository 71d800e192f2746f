/**
 * The demo shop: a stateless HTTP/JSON service (Jetty 12 behind {@link dev.horizon.session.servlet.SessionFilter},
 * JDBC to a database every instance shares) that {@code horizon demo} runs as a fleet.
 * {@link dev.horizon.demo.DemoMain} is the entry point; the API is described in {@code docs/demo.md}.
 */
@NullMarked
package dev.horizon.demo;

import org.jspecify.annotations.NullMarked;
