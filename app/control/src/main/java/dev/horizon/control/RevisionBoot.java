package dev.horizon.control;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * Which revision a starting Horizon runs for a managed service. The first start writes revision 1 from the
 * configuration's {@code instances} block. Later starts serve the revision the rollout record says serves (the stable
 * one of an open rollout, which is then resumed). When that revision is the configuration's and the configuration's
 * command or environment has changed since, the changed block becomes the next revision and serves at once, as a
 * changed {@code instances} block always took effect at a restart; a revision made by {@code horizon deploy} keeps
 * serving, and the difference is reported.
 */
final class RevisionBoot {

    /** {@link Revision#cause()} of a revision made from the configuration. */
    static final String FROM_CONFIGURATION = "the configuration";

    private RevisionBoot() {
    }

    /**
     * The revision to serve; {@code revisions} gets any revision written here.
     *
     * @throws UncheckedIOException when a new revision cannot be written
     */
    static Revision serving(RevisionStore store, List<Revision> revisions, @Nullable RolloutRecord last,
        List<String> command, Map<String, String> env, Instant now, Consumer<String> say) {
        Revision serving = null;
        int wanted = last == null ? 1 : last.serving();
        for (Revision r : revisions) {
            if (r.number() == wanted) {
                serving = r;
            }
        }
        if (serving == null && !revisions.isEmpty()) {
            say.accept("r" + wanted + " is not in " + store.dir().resolve("revisions") + "; serving the latest, "
                + revisions.getLast().label());
            serving = revisions.getLast();
        }
        if (serving == null) {
            return add(store, revisions, new Revision(1, command, env, now.toString(), FROM_CONFIGURATION));
        }
        if (serving.sameTemplate(command, env)) {
            return serving;
        }
        boolean open = last != null && last.open();
        if (serving.cause().startsWith(FROM_CONFIGURATION) && !open) {
            say.accept("instances.command or env changed since " + serving.label() + "; serving the configuration's "
                + "block as r" + (revisions.getLast().number() + 1));
            return add(store, revisions, new Revision(revisions.getLast().number() + 1, command, env, now.toString(),
                FROM_CONFIGURATION + ", changed"));
        }
        say.accept("instances.command or env differ from " + serving.label() + " (" + serving.cause() + "), which "
            + "keeps serving; horizon deploy ships a change");
        return serving;
    }

    private static Revision add(RevisionStore store, List<Revision> revisions, Revision r) {
        try {
            store.add(r);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep revision " + r.number() + " in " + store.dir() + ": "
                + e.getMessage(), e);
        }
        revisions.add(r);
        return r;
    }
}
