package dev.horizon.control;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Objects;

/**
 * A file of the state directory written so that a crash or a power cut leaves either the previous content or the new
 * one, whole: the text goes to {@code NAME.next}, is forced to disk, and the temporary file is moved over the old one
 * in one atomic rename. A file that cannot be read is set aside as {@code NAME.bad} rather than overwritten.
 */
final class DurableFile {

    private DurableFile() {
    }

    /** Replaces {@code path}'s content with {@code text} (UTF-8), creating its directory when missing. */
    static void write(Path path, String text) throws IOException {
        Path absolute = path.toAbsolutePath().normalize();
        Path dir = Objects.requireNonNull(absolute.getParent(), "an absolute path has a parent");
        Files.createDirectories(dir);
        Path next = dir.resolve(absolute.getFileName() + ".next");
        try (FileChannel out = FileChannel.open(next, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
            StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer bytes = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
            while (bytes.hasRemaining()) {
                out.write(bytes);
            }
            out.force(true);
        }
        Files.move(next, absolute, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /**
     * Moves a file that could not be read to {@code NAME.bad} so the next write does not destroy what a person may
     * still recover from it; says where ({@code "; the old file is kept as …"}), or why it stayed.
     */
    static String setAside(Path path) {
        Path bad = path.resolveSibling(path.getFileName() + ".bad");
        try {
            Files.move(path, bad, StandardCopyOption.REPLACE_EXISTING);
            return "; the old file is kept as " + bad;
        } catch (NoSuchFileException e) {
            return "";
        } catch (IOException e) {
            return "; the old file could not be set aside (" + e.getMessage() + ") and will be replaced";
        }
    }
}
