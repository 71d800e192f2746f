package dev.horizon.control;

import dev.horizon.autoscale.LoadHistory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * A service's load history on disk, {@code STATE_DIR/SERVICE/load-history.csv} ({@code instances.state-dir}), in
 * {@link LoadHistory#toText()}'s form. Each write goes to a temporary file moved over the old one, so a crash leaves
 * the previous write whole.
 */
final class LoadHistoryFile {

    /** The file's name in the service's directory of the state directory. */
    static final String NAME = "load-history.csv";

    private final Path path;

    LoadHistoryFile(Path path) {
        this.path = path.toAbsolutePath().normalize();
    }

    /** The file of {@code service} under {@code stateDir}. */
    static LoadHistoryFile in(Path stateDir, String service) {
        return new LoadHistoryFile(stateDir.resolve(service).resolve(NAME));
    }

    Path path() {
        return path;
    }

    /**
     * The history kept in the file, for {@code retention}; null when there is no file.
     *
     * @throws IOException              when it cannot be read
     * @throws IllegalArgumentException naming the line when it is not a load history
     */
    @Nullable LoadHistory read(Duration retention) throws IOException {
        String text;
        try {
            text = Files.readString(path);
        } catch (NoSuchFileException none) {
            return null;
        }
        return LoadHistory.parse(text, retention);
    }

    /** Replaces the file's content with {@code history}, on disk before the move (a power cut keeps one whole). */
    void write(LoadHistory history) throws IOException {
        DurableFile.write(path, history.toText());
    }

    /**
     * Moves a file that could not be read to {@code load-history.csv.bad} so the next write does not destroy what a
     * person may still recover from it; says where, or why it stayed.
     */
    String setAside() {
        return DurableFile.setAside(path);
    }
}
