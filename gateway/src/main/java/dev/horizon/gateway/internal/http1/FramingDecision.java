package dev.horizon.gateway.internal.http1;

/**
 * What {@link Framing#ofRequest} and {@link Framing#ofResponse} decide for a message head: how its body is delimited
 * ({@link Framing}) or why it cannot be read one way only ({@link FramingRefusal}). Both are enum constants, so a
 * decision allocates nothing.
 */
public sealed interface FramingDecision permits Framing, FramingRefusal {
}
