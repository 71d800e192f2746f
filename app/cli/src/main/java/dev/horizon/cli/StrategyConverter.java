package dev.horizon.cli;

import dev.horizon.autoscale.Strategy;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** {@code --strategy vertical-first} as {@code horizon.yaml} writes a strategy, with its expectation on a typo. */
final class StrategyConverter implements ITypeConverter<Strategy> {

    @Override
    public Strategy convert(String value) {
        try {
            return Strategy.parse(value);
        } catch (IllegalArgumentException e) {
            throw new TypeConversionException("'" + value + "' " + e.getMessage());
        }
    }
}
