/**
 * Loading {@code horizon.yaml}: {@link dev.horizon.app.config.ConfigLoader} reads the file into a
 * {@link dev.horizon.app.config.LoadedConfig} or throws a {@link dev.horizon.app.config.ConfigException} whose message
 * names the file, the line, the key and what was expected. The key reference is {@code docs/configuration.md}.
 */
@NullMarked
package dev.horizon.app.config;

import org.jspecify.annotations.NullMarked;
