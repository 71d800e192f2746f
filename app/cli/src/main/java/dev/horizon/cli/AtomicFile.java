package dev.horizon.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** A file written whole or not at all: the verbs' outputs never stay half-written after a failure. */
final class AtomicFile {

    private AtomicFile() {
    }

    /** Writes {@code text} to a temporary file beside {@code file}, then moves it over {@code file}. */
    static void write(Path file, String text) {
        Path target = file.toAbsolutePath();
        Path dir = target.getParent();
        Path temp = null;
        try {
            temp = Files.createTempFile(dir, "." + target.getFileName(), ".tmp");
            Files.writeString(temp, text, StandardCharsets.UTF_8);
            try {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
            }
            temp = null;
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException(file + ": cannot write: no such directory " + dir, e);
        } catch (AccessDeniedException e) {
            throw new IllegalArgumentException(file + ": cannot write: permission denied", e);
        } catch (FileSystemException e) {
            throw new IllegalArgumentException(file + ": cannot write: " + (e.getReason() == null ? e.getMessage()
                : e.getReason()), e);
        } catch (IOException e) {
            throw new IllegalArgumentException(file + ": cannot write: " + e.getMessage(), e);
        } finally {
            if (temp != null) {
                try {
                    Files.deleteIfExists(temp);
                } catch (IOException ignored) {
                    // the write failed already; that is the error to show
                }
            }
        }
    }
}
