package dev.horizon.architecture;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.classfile.ClassFile;
import java.lang.classfile.ClassModel;
import java.lang.classfile.CodeElement;
import java.lang.classfile.CodeModel;
import java.lang.classfile.Instruction;
import java.lang.classfile.MethodModel;
import java.lang.classfile.Opcode;
import java.lang.classfile.TypeKind;
import java.lang.classfile.instruction.FieldInstruction;
import java.lang.classfile.instruction.InvokeInstruction;
import java.lang.classfile.instruction.LineNumber;
import java.lang.classfile.instruction.LoadInstruction;
import java.lang.classfile.instruction.LocalVariable;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Finds the places in compiled classes where a {@link java.time.Duration} becomes text by its ISO-8601
 * {@code toString()} ({@code PT1M30S}): concatenated into a string, appended to a builder, printed, or
 * {@code toString()} called on it. Horizon's messages show durations through {@code DurationText} instead.
 *
 * <p>Implementation notes: since JDK 19 javac turns each object operand of a string concatenation into text with
 * {@code String.valueOf(Object)} before the {@code StringConcatFactory} call site (JDK-8273914), so the call site's
 * own type says only {@code String}. The scan therefore looks at the instruction that pushed the operand: a method
 * returning a {@code Duration}, a {@code Duration} field, or a local variable the class file's
 * {@code LocalVariableTable} (javac {@code -g}, which Maven passes) types as one, followed at once by
 * {@code String.valueOf(Object)}, {@code StringBuilder.append(Object)}, {@code Duration.toString()},
 * {@code Objects.toString} or a {@code print}/{@code println} of an {@code Object}. A duration passed to
 * {@code String.format} goes into an {@code Object[]} and is not seen; the rule catches the common slip, not every
 * one. The class files are read with the JDK's {@code java.lang.classfile} API (JEP 484).
 */
final class DurationToText {

    private static final String DURATION = "Ljava/time/Duration;";

    private DurationToText() {
    }

    /** {@code class:line what} for every place in {@code classes} that turns a duration into ISO text. */
    static List<String> places(JavaClasses classes) {
        List<String> places = new ArrayList<>();
        for (JavaClass c : classes) {
            c.getSource().ifPresent(source -> {
                try (InputStream in = source.getUri().toURL().openStream()) {
                    places.addAll(places(ClassFile.of().parse(in.readAllBytes())));
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot read " + source.getUri(), e);
                }
            });
        }
        return places;
    }

    /** The places in one class. */
    static List<String> places(ClassModel model) {
        List<String> places = new ArrayList<>();
        String name = model.thisClass().asInternalName().replace('/', '.');
        for (MethodModel method : model.methods()) {
            method.code().ifPresent(code -> scan(name, code, places));
        }
        return places;
    }

    private static void scan(String className, CodeModel code, List<String> places) {
        Set<Integer> durationSlots = new HashSet<>();
        for (CodeElement e : code) {
            if (e instanceof LocalVariable v && v.typeSymbol().descriptorString().equals(DURATION)) {
                durationSlots.add(v.slot());
            }
        }
        int line = 0;
        boolean pushedDuration = false;
        for (CodeElement e : code) {
            if (e instanceof LineNumber n) {
                line = n.line();
            } else if (e instanceof Instruction instruction) {
                String text = pushedDuration ? toText(instruction) : null;
                if (text != null) {
                    places.add(className + ":" + line + " " + text);
                }
                pushedDuration = pushesDuration(instruction, durationSlots);
            }
        }
    }

    private static boolean pushesDuration(Instruction instruction, Set<Integer> durationSlots) {
        return switch (instruction) {
            case InvokeInstruction call -> call.typeSymbol().returnType().descriptorString().equals(DURATION);
            case FieldInstruction field -> (field.opcode() == Opcode.GETFIELD || field.opcode() == Opcode.GETSTATIC)
                && field.typeSymbol().descriptorString().equals(DURATION);
            case LoadInstruction load -> load.typeKind() == TypeKind.REFERENCE && durationSlots.contains(load.slot());
            default -> false;
        };
    }

    /** What {@code instruction} does with a duration on top of the stack when it makes text of it, else null. */
    private static @Nullable String toText(Instruction instruction) {
        if (!(instruction instanceof InvokeInstruction call)) {
            return null;
        }
        String owner = call.owner().asInternalName();
        String method = call.name().stringValue();
        String type = call.typeSymbol().descriptorString();
        boolean objectArgument = type.startsWith("(Ljava/lang/Object;)");
        if (owner.equals("java/lang/String") && method.equals("valueOf") && objectArgument) {
            return "concatenates a Duration";
        }
        if (owner.startsWith("java/lang/StringBu") && method.equals("append") && objectArgument
            || (method.equals("print") || method.equals("println")) && objectArgument) {
            return "appends a Duration";
        }
        if (owner.equals("java/time/Duration") && method.equals("toString")
            || owner.equals("java/util/Objects") && method.equals("toString")) {
            return "calls Duration.toString()";
        }
        return null;
    }
}
