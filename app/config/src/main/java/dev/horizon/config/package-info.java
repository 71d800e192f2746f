/**
 * Loading {@code horizon.yaml}: {@link dev.horizon.config.ConfigLoader} reads the file into a
 * {@link dev.horizon.config.LoadedConfig} or throws a {@link dev.horizon.config.ConfigException} whose message
 * names the file, the line, the key and what was expected. The key reference is {@code docs/configuration.md}.
 */
@NullMarked
package dev.horizon.config;

import org.jspecify.annotations.NullMarked;
