package dev.horizon.showcase;

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
     * @param anchor a class of the running {@code horizon}: its jar ({@code app/target/horizon.jar}) or its classes
     *               directory lies in the source tree, whose top (the first directory up with a {@code pom.xml} and a
     *               {@code demo} folder) has {@code demo/target/demo.jar}
     * @throws IllegalArgumentException naming every place looked at when there is no jar
     */
    public static Path locate(@Nullable Path named, Class<?> anchor) {
        Path code;
        try {
            code = Path.of(anchor.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException | RuntimeException e) {
            code = null; // no code source (an unusual class loader): the working directory is left
        }
        return locate(named, System.getenv("HORIZON_DEMO_JAR"), code);
    }

    /** {@link #locate(Path, Class)} with the environment's {@code HORIZON_DEMO_JAR} and the anchor's location given. */
    static Path locate(@Nullable Path named, @Nullable String env, @Nullable Path code) {
        if (named != null) {
            if (!Files.isRegularFile(named)) {
                throw new IllegalArgumentException("--jar: " + named + " is not a file");
            }
            return named;
        }
        List<Path> candidates = new ArrayList<>();
        if (env != null && !env.isBlank()) {
            candidates.add(Path.of(env));
        }
        for (Path dir = code == null ? null : code.toAbsolutePath().getParent(); dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve("demo")) && Files.isRegularFile(dir.resolve("pom.xml"))) {
                candidates.add(dir.resolve("demo/target/demo.jar"));
                break;
            }
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
