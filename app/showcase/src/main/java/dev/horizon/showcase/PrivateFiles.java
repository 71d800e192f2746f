package dev.horizon.showcase;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Directories and files only their owner can read: state that holds a secret (the demo's JWT signing key in
 * {@code horizon.yaml}, the database with its password hashes) is {@code 0600} in a {@code 0700} directory, as
 * OpenSSH insists for {@code ~/.ssh}.
 *
 * <p>Implementation notes. Modes are given at creation ({@link PosixFilePermissions#asFileAttribute}), never by a
 * chmod after the secret is written, so there is no moment when another user could open the file; a file is written
 * to a new temporary file in the same directory and moved over the old one, so an existing file with a looser mode
 * is replaced rather than rewritten in place. A directory of the demo's own ({@code db/}) that an earlier version
 * left open is tightened before anything is written into it. The process umask can only remove bits, never add
 * them, so the modes hold under any umask. On a file system without POSIX permissions (Windows) the files are
 * written plainly.
 */
final class PrivateFiles {

    static final Set<PosixFilePermission> DIRECTORY = PosixFilePermissions.fromString("rwx------");
    static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");

    private PrivateFiles() {
    }

    /**
     * Creates {@code dir} and its missing parents as {@code 0700}. A directory that exists keeps its mode: it may be
     * shared ({@code --state-dir /tmp}), and the secrets in it are {@code 0600} files whatever its mode.
     */
    static Path directory(Path dir) throws IOException {
        if (Files.isDirectory(dir)) {
            return dir;
        }
        return posix(dir) ? Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(DIRECTORY))
            : Files.createDirectories(dir);
    }

    /** Like {@link #directory}, and tightens an existing {@code dir} to {@code 0700}: only for a directory of ours. */
    static Path ownDirectory(Path dir) throws IOException {
        directory(dir);
        if (posix(dir)) {
            Files.setPosixFilePermissions(dir, DIRECTORY);
        }
        return dir;
    }

    /** Writes {@code text} to {@code file} as a new {@code 0600} file that replaces any old one at once. */
    static void write(Path file, String text) throws IOException {
        Path dir = parent(file);
        FileAttribute<?>[] mode = posix(dir) ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(FILE)}
            : new FileAttribute<?>[0];
        Path temp = Files.createTempFile(dir, "." + file.getFileName(), ".tmp", mode);
        try {
            Files.writeString(temp, text, StandardCharsets.UTF_8);
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /**
     * Creates {@code file} empty as {@code 0600} when it does not exist, so the program that fills it (H2) keeps
     * that mode; tightens an existing one to {@code 0600}.
     */
    static void reserve(Path file) throws IOException {
        if (!posix(parent(file))) {
            if (!Files.exists(file)) {
                Files.createFile(file);
            }
            return;
        }
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(FILE));
        } catch (FileAlreadyExistsException e) {
            Files.setPosixFilePermissions(file, FILE);
        }
    }

    private static Path parent(Path file) {
        Path dir = file.toAbsolutePath().getParent();
        if (dir == null) {
            throw new IllegalArgumentException(file + ": expected a file in a directory");
        }
        return dir;
    }

    private static boolean posix(Path path) {
        return path.getFileSystem().supportedFileAttributeViews().contains("posix");
    }
}
