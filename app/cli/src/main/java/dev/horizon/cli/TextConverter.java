package dev.horizon.cli;

import java.util.function.Function;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Reads a command-line value with the parser {@code horizon.yaml} uses for the same type ({@code 250ms},
 * {@code vertical-first}, {@code in-place}), so every verb accepts the file's spelling and refuses with the file's
 * expectation: {@code '5x' (expected: a duration like 250ms, 2s, 5m, 1h)}.
 *
 * @param <T> the type read
 */
final class TextConverter<T> implements ITypeConverter<T> {

    private final Function<String, T> parse;

    /** A converter through {@code parse}, which throws {@link IllegalArgumentException} with the expectation. */
    TextConverter(Function<String, T> parse) {
        this.parse = parse;
    }

    @Override
    public T convert(String value) {
        try {
            return parse.apply(value);
        } catch (IllegalArgumentException e) {
            throw new TypeConversionException("'" + value + "' " + e.getMessage());
        }
    }
}
