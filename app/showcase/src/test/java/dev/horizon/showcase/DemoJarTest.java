package dev.horizon.showcase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where {@code horizon demo} finds the shop's jar, from the jar or the classes directory it runs from. */
class DemoJarTest {

    @TempDir
    Path root;

    private Path demoJar() throws IOException {
        Files.writeString(root.resolve("pom.xml"), "<project/>");
        Files.createDirectories(root.resolve("demo/target"));
        return Files.writeString(root.resolve("demo/target/demo.jar"), "jar");
    }

    @Test
    void findsTheBuildsJarFromTheHorizonJarOrAModulesClasses() throws IOException {
        Path jar = demoJar();
        Files.createDirectories(root.resolve("app/cli/target/classes"));
        Files.writeString(root.resolve("app/pom.xml"), "<project/>");

        assertThat(DemoJar.locate(null, null, root.resolve("app/target/horizon.jar"))).isEqualTo(jar);
        assertThat(DemoJar.locate(null, null, root.resolve("app/cli/target/classes"))).isEqualTo(jar);
    }

    @Test
    void theNamedJarAndThenTheEnvironmentComeFirst() throws IOException {
        demoJar();
        Path mine = Files.writeString(root.resolve("mine.jar"), "jar");

        assertThat(DemoJar.locate(mine, null, root.resolve("app/target/horizon.jar"))).isEqualTo(mine);
        assertThat(DemoJar.locate(null, mine.toString(), root.resolve("app/target/horizon.jar"))).isEqualTo(mine);
        assertThatThrownBy(() -> DemoJar.locate(root.resolve("none.jar"), null, null))
            .hasMessage("--jar: " + root.resolve("none.jar") + " is not a file");
    }

    @Test
    void namesEveryPlaceLookedAtWhenThereIsNone() {
        Path cwdJar = Path.of("demo/target/demo.jar").toAbsolutePath();

        assertThatThrownBy(() -> DemoJar.locate(null, null, root.resolve("app/target/horizon.jar")))
            .hasMessage("demo.jar not found (looked at [" + cwdJar + "]); build it with ./build -DskipTests package, "
                + "or pass --jar");
    }
}
