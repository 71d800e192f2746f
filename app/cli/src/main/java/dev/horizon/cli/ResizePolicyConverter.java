package dev.horizon.cli;

import dev.horizon.sizing.ResizePolicy;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** {@code --resize-policy restart} as {@code horizon.yaml} writes it, with its expectation on a typo. */
final class ResizePolicyConverter implements ITypeConverter<ResizePolicy> {

    @Override
    public ResizePolicy convert(String value) {
        try {
            return ResizePolicy.parse(value);
        } catch (IllegalArgumentException e) {
            throw new TypeConversionException("'" + value + "' " + e.getMessage());
        }
    }
}
