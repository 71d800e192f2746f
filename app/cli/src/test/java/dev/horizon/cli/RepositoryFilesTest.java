package dev.horizon.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The checkout itself: nothing the project ignores is committed (run state under {@code .horizon/}, build output),
 * so a clone holds no one's logs, and no file cites a document the repository does not have. Skipped outside a git
 * work tree (a source archive).
 */
class RepositoryFilesTest {

    private static final Pattern CITED_MARKDOWN = Pattern.compile("(?<![\\w/.-])(?:[\\w.-]+/)*[\\w-]+\\.md\\b");

    private static List<String> git(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("git"));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return p.exitValue() == 0 ? out.lines().toList() : List.of();
    }

    /** The top of the work tree the tests run in; the test is skipped when there is none. */
    private static Path root() throws InterruptedException {
        List<String> top;
        try {
            top = git("rev-parse", "--show-toplevel");
        } catch (IOException e) {
            top = List.of(); // no git on this machine
        }
        assumeTrue(top.size() == 1, "not a git work tree");
        return Path.of(top.get(0));
    }

    @Test
    void noIgnoredFileIsCommitted() throws Exception {
        Path root = root();

        assertThat(git("-C", root.toString(), "ls-files", "--cached", "--ignored", "--exclude-standard")).isEmpty();
    }

    /**
     * Every Markdown file a committed file cites ({@code docs/balance.md}, {@code RESULTS.md}) is in the repository,
     * or is a report the scripts write under {@code target/}: a citation of a file that is not there (the what-if
     * examples once cited a reference sheet kept outside the repository) points readers nowhere; cite the public
     * source itself.
     */
    @Test
    void everyCitedMarkdownFileIsInTheRepository() throws Exception {
        Path root = root();
        List<String> files = git("-C", root.toString(), "ls-files");
        Set<String> markdown = new HashSet<>();
        for (String f : files) {
            if (f.endsWith(".md")) {
                markdown.add(Path.of(f).getFileName().toString());
            }
        }
        List<String> dangling = new ArrayList<>();
        for (String f : files) {
            Path file = root.resolve(f);
            if (!Files.isRegularFile(file) || Files.size(file) > 1_000_000) {
                continue;
            }
            Matcher m = CITED_MARKDOWN.matcher(new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1));
            while (m.find()) {
                String cited = m.group();
                if (!cited.contains("target/") && !markdown.contains(Path.of(cited).getFileName().toString())) {
                    dangling.add(f + ": " + cited);
                }
            }
        }
        assertThat(markdown).contains("README.md", "balance.md");
        assertThat(dangling).isEmpty();
    }
}
