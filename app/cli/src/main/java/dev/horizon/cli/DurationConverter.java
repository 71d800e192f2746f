package dev.horizon.cli;

import dev.horizon.duration.DurationText;
import java.time.Duration;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Reads a command-line duration as {@code horizon.yaml} writes them: {@code 250ms}, {@code 2s}, {@code 5m}. */
final class DurationConverter implements ITypeConverter<Duration> {

    @Override
    public Duration convert(String value) {
        try {
            return DurationText.parse(value);
        } catch (IllegalArgumentException e) {
            throw new TypeConversionException("'" + value + "' " + e.getMessage());
        }
    }
}
