package dev.horizon.sim.trace;

/**
 * One parameter of a {@link TraceShape}: its name in a spec ({@code start=1h}), the value it takes when absent, and
 * what it means (with its unit and range), as {@code docs/sim.md} and the error messages show it.
 */
public record Parameter(String name, String defaultValue, String meaning) {
}
