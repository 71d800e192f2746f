package dev.horizon.app.demo;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** Finds the shop's {@code demo.jar}: the one named, else {@code $HORIZON_DEMO_JAR}, else the build's own. */
public final class DemoJar {

    private DemoJar() {
    }

    /**
     * The jar to run.
     *
     * @param named the {@code --jar} option, or null
     * @param anchor a class of the running {@code horizon} (its jar, or its classes directory, sits in
     *               {@code app/target/} of the source tree, next to {@code demo/target/demo.jar})
     * @throws IllegalArgumentException naming every place looked at when there is no jar
     */
    public static Path locate(@Nullable Path named, Class<?> anchor) {
        if (named != null) {
            if (!Files.isRegularFile(named)) {
                throw new IllegalArgumentException("--jar: " + named + " is not a file");
            }
            return named;
        }
        List<Path> candidates = new ArrayList<>();
        String env = System.getenv("HORIZON_DEMO_JAR");
        if (env != null && !env.isBlank()) {
            candidates.add(Path.of(env));
        }
        try {
            Path code = Path.of(anchor.getProtectionDomain().getCodeSource().getLocation().toURI());
            Path root = code.toAbsolutePath();
            for (int i = 0; i < 3 && root != null; i++) {
                root = root.getParent();
            }
            if (root != null) {
                candidates.add(root.resolve("demo/target/demo.jar"));
            }
        } catch (URISyntaxException | RuntimeException e) {
            // no code source (an unusual class loader): fall back to the working directory
        }
        candidates.add(Path.of("demo/target/demo.jar").toAbsolutePath());
        for (Path p : candidates) {
            if (Files.isRegularFile(p)) {
                return p.normalize();
            }
        }
        throw new IllegalArgumentException("demo.jar not found (looked at " + candidates
            + "); build it with ./build -DskipTests package, or pass --jar");
    }
}
