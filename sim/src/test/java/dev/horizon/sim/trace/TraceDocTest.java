package dev.horizon.sim.trace;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** docs/sim.md has a section for every shape and a row for every parameter with its default. */
class TraceDocTest {

    @Test
    void everyShapeAndParameterIsDocumentedWithItsDefault() throws IOException {
        String doc = Files.readString(Path.of("../docs/sim.md"));

        for (TraceShape shape : Traces.shapes()) {
            String section = doc.substring(doc.indexOf("#### `" + shape.name() + "`"));
            int next = section.indexOf("\n#### ", 1);
            section = section.substring(0, next > 0 ? next : section.indexOf("\n### "));
            for (Parameter p : shape.parameters()) {
                assertThat(section).as(shape.name()).contains("| `" + p.name() + "` | `" + p.defaultValue() + "` |");
            }
        }
    }
}
