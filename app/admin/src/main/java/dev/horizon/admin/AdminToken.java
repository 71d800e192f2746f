package dev.horizon.admin;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The bearer token that authenticates mutating admin API calls: {@code HORIZON_ADMIN_TOKEN} when it is set, else a
 * token {@code horizon up} (or {@code demo}) generated on its first start and keeps in a file only the user can read,
 * {@code $XDG_STATE_HOME/horizon/admin-token} ({@code ~/.local/state/horizon/admin-token} without that variable).
 * The operator verbs read the same variable or file, so mutations are always authenticated and nobody has to copy a
 * token by hand on the machine that runs Horizon.
 *
 * <p>Implementation notes: the location follows the XDG Base Directory Specification ("state data that should
 * persist between restarts"), per user and independent of the working directory, so {@code horizon scale} finds it
 * wherever it runs. The token is 32 bytes from {@link SecureRandom} in unpadded base64url (RFC 4648 §5), a valid
 * RFC 6750 {@code b64token}. The file is written to a temporary file created with mode 0600 (in a directory created
 * with 0700) and published with a hard link, which fails when the name exists: two first starts racing each other
 * end up with one token, and no reader ever sees a half-written file. Like OpenSSH with private keys, a token file
 * that others may read is refused rather than used.
 *
 * @param value the token
 * @param file  the file it was read from or written to; null when it came from {@code HORIZON_ADMIN_TOKEN}
 * @param generated whether this start wrote the file
 */
public record AdminToken(String value, @Nullable Path file, boolean generated) {

    /** The environment variable that sets the token. */
    public static final String ENV = "HORIZON_ADMIN_TOKEN";

    /** The shortest {@link #ENV} token accepted for an admin API that listens beyond loopback. */
    static final int MIN_NETWORK_TOKEN_LENGTH = 32;

    private static final Set<PosixFilePermission> OTHERS = Set.of(PosixFilePermission.GROUP_READ,
        PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.OTHERS_READ,
        PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);

    /** Where the generated token is kept for the user whose environment is {@code env}. */
    public static Path defaultFile(Map<String, String> env) {
        String state = env.get("XDG_STATE_HOME");
        // The XDG spec: a relative XDG_STATE_HOME is invalid and must be ignored.
        Path base = state != null && Path.of(state).isAbsolute() ? Path.of(state)
            : Path.of(env.getOrDefault("HOME", System.getProperty("user.home")), ".local", "state");
        return base.resolve("horizon").resolve("admin-token");
    }

    /**
     * The token a server on {@code admin} uses: {@code fromEnv} when set, else the one in {@code file}, generated when
     * the file does not exist yet.
     *
     * @throws IllegalArgumentException when there is no {@code fromEnv} and {@code admin} is not loopback, or
     *                                  {@code fromEnv} is shorter than {@value #MIN_NETWORK_TOKEN_LENGTH} characters
     *                                  there, or the file is readable by others or holds no token
     * @throws IllegalStateException    when the file cannot be read or written
     */
    public static AdminToken forServer(@Nullable String fromEnv, Path file, InetSocketAddress admin) {
        if (fromEnv != null && !fromEnv.isEmpty()) {
            // beyond this machine a guessable token is the only defence: at least as long as a generated one's text
            if (!admin.getAddress().isLoopbackAddress() && fromEnv.strip().length() < MIN_NETWORK_TOKEN_LENGTH) {
                throw new IllegalArgumentException(ENV + ": " + fromEnv.strip().length() + " characters (expected: at "
                    + "least " + MIN_NETWORK_TOKEN_LENGTH + " when gateway.admin is not loopback, e.g. the output of "
                    + "`openssl rand -base64 32`)");
            }
            return new AdminToken(fromEnv, null, false);
        }
        if (!admin.getAddress().isLoopbackAddress()) {
            throw new IllegalArgumentException("gateway.admin: " + admin.getHostString() + ":" + admin.getPort()
                + " is not loopback; set " + ENV + " to expose the admin API beyond this machine");
        }
        try {
            boolean generated = !Files.exists(file) && generate(file);
            checkPrivate(file);
            return new AdminToken(read(file), file, generated);
        } catch (IOException e) {
            throw new IllegalStateException("admin token " + file + ": " + describe(e), e);
        }
    }

    /** The token a client sends: {@code fromEnv} when set, else the file's when it can be read, else null. */
    public static @Nullable String forClient(@Nullable String fromEnv, Path file) {
        if (fromEnv != null && !fromEnv.isEmpty()) {
            return fromEnv;
        }
        try {
            return read(file);
        } catch (IOException | IllegalArgumentException e) {
            return null;
        }
    }

    /** Writes a new token unless another process got there first; true when this call wrote it. */
    private static boolean generate(Path file) throws IOException {
        Path dir = Objects.requireNonNull(file.toAbsolutePath().getParent(), "a token file has a directory");
        Path parent = dir.getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        try {
            Files.createDirectory(dir, permissions("rwx------"));
        } catch (FileAlreadyExistsException e) {
            // an existing directory is fine: the file itself is private
        }
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        Path temp = Files.createTempFile(dir, ".admin-token", ".tmp", permissions("rw-------"));
        try {
            Files.writeString(temp, token + "\n", StandardCharsets.US_ASCII);
            Files.createLink(file, temp);
            return true;
        } catch (FileAlreadyExistsException e) {
            return false;
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    private static void checkPrivate(Path file) throws IOException {
        if (!posix()) {
            return;
        }
        Set<PosixFilePermission> mode = Files.getPosixFilePermissions(file);
        if (mode.stream().anyMatch(OTHERS::contains)) {
            throw new IllegalArgumentException(file + ": mode " + PosixFilePermissions.toString(mode)
                + " lets other users read the admin token (expected: rw-------; chmod 600 " + file
                + ", or delete it to get a new token)");
        }
    }

    private static String read(Path file) throws IOException {
        String token = Files.readString(file, StandardCharsets.US_ASCII).strip();
        if (token.isEmpty() || !token.chars().allMatch(c -> c > ' ' && c < 0x7f)) {
            throw new IllegalArgumentException(file + ": no admin token in it (expected: one line of visible ASCII; "
                + "delete the file to get a new token)");
        }
        return token;
    }

    private static String describe(IOException e) {
        return switch (e) {
            case AccessDeniedException a -> "permission denied";
            case NoSuchFileException n -> "no such file or directory: " + n.getFile();
            default -> String.valueOf(e.getMessage());
        };
    }

    private static boolean posix() {
        return FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    }

    private static FileAttribute<?>[] permissions(String mode) {
        return posix() ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(
            PosixFilePermissions.fromString(mode))} : new FileAttribute<?>[0];
    }

    /** Never shows the token. */
    @Override
    public String toString() {
        return "AdminToken[" + (file == null ? ENV : file) + "]";
    }
}
