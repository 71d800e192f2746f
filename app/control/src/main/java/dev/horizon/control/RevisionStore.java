package dev.horizon.control;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * A managed service's revisions and its rollout on disk, under {@code STATE_DIR/SERVICE/}: {@code revisions/N.json}
 * (one {@link Revision} each, never changed once written) and {@code rollout.json} (the rollout under way or the last
 * one, rewritten on every change of phase, step or weight). Each write is durable ({@link DurableFile}), so a
 * Horizon killed at any moment restarts knowing which revisions serve; a file that cannot be read is set aside as
 * {@code .bad} and reported, never silently replaced.
 */
final class RevisionStore {

    private static final Pattern FILE = Pattern.compile("([1-9][0-9]{0,8})\\.json");
    private static final ObjectMapper JSON = new ObjectMapper()
        .enable(SerializationFeature.INDENT_OUTPUT)
        .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private final Path dir;

    RevisionStore(Path stateDir, String service) {
        this.dir = stateDir.resolve(service).toAbsolutePath().normalize();
    }

    /** {@code STATE_DIR/SERVICE}. */
    Path dir() {
        return dir;
    }

    /**
     * Every revision on disk, lowest number first; {@code problems} gets one line per file set aside.
     *
     * @throws UncheckedIOException when the directory cannot be listed
     */
    List<Revision> revisions(List<String> problems) {
        Path revisions = dir.resolve("revisions");
        List<Revision> out = new ArrayList<>();
        List<Path> files;
        try (Stream<Path> list = Files.list(revisions)) {
            files = list.sorted().toList();
        } catch (NoSuchFileException none) {
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + revisions + ": " + e.getMessage(), e);
        }
        for (Path f : files) {
            Matcher m = FILE.matcher(f.getFileName().toString());
            if (!m.matches()) {
                continue;
            }
            try {
                Revision r = JSON.readValue(Files.readString(f), Revision.class);
                if (r.number() != Integer.parseInt(m.group(1))) {
                    throw new IllegalArgumentException("it says revision " + r.number());
                }
                out.add(r);
            } catch (IOException | IllegalArgumentException e) {
                problems.add(f + " cannot be read (" + oneLine(e) + ")" + DurableFile.setAside(f));
            }
        }
        out.sort(Comparator.comparingInt(Revision::number));
        return out;
    }

    /** Writes a new revision; an existing file of that number is an error (revisions are never rewritten). */
    void add(Revision r) throws IOException {
        Path f = dir.resolve("revisions").resolve(r.number() + ".json");
        if (Files.exists(f)) {
            throw new IOException(f + " exists: revision " + r.number() + " was already written");
        }
        DurableFile.write(f, JSON.writeValueAsString(r) + "\n");
    }

    /** The rollout record, or null when there is none; a damaged one is set aside and reported in {@code problems}. */
    @Nullable RolloutRecord rollout(List<String> problems) {
        Path f = dir.resolve("rollout.json");
        try {
            return JSON.readValue(Files.readString(f), RolloutRecord.class);
        } catch (NoSuchFileException none) {
            return null;
        } catch (IOException | IllegalArgumentException e) {
            problems.add(f + " cannot be read (" + oneLine(e) + ")" + DurableFile.setAside(f));
            return null;
        }
    }

    /** Replaces the rollout record. */
    void rollout(RolloutRecord record) throws IOException {
        DurableFile.write(dir.resolve("rollout.json"), JSON.writeValueAsString(record) + "\n");
    }

    private static String oneLine(Exception e) {
        String m = e instanceof JacksonException j ? j.getOriginalMessage() : e.getMessage();
        return m == null ? e.getClass().getSimpleName() : m.lines().findFirst().orElse(m);
    }
}
