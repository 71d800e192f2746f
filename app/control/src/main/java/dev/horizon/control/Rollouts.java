package dev.horizon.control;

import dev.horizon.deploy.Strategy;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * One managed service's revisions and rollouts: {@code horizon deploy} makes a revision and starts its rollout with
 * the strategy asked for (or {@code deploy.strategy}); a tick every {@link #TICK_MILLIS} ms moves it on; every change
 * of phase, step, weight or verdict is written to {@code rollout.json} at the end of the tick or command that made it,
 * so a Horizon killed mid-rollout restarts with the right revisions and resumes it ({@link #resume}). Killed between
 * an action and its write, it resumes from the record before: a lower weight or an earlier step, the safe side.
 *
 * <p>A deploy of a template a known revision has (a retry after an aborted or rolled-back rollout, an undo after a
 * promotion) rolls that revision out again from its first step with fresh analysis counts (the retry both Argo
 * Rollouts and Flagger get wrong), once its earlier instances have drained; any deploy while a rollout is under way
 * is refused.
 */
final class Rollouts implements AutoCloseable {

    /** How often a rollout is moved on. */
    static final long TICK_MILLIS = 250;

    private final RolloutContext c;
    private final RevisionStore store;
    private final Clock clock;
    private final TreeMap<Integer, Revision> revisions = new TreeMap<>();
    private final ScheduledExecutorService thread;
    private @Nullable RolloutRun run;
    private @Nullable RolloutRecord last;
    private @Nullable RolloutRecord saved;
    private String lastFailure = "";

    Rollouts(RolloutContext c, RevisionStore store, Clock clock, List<Revision> known, @Nullable RolloutRecord last) {
        this.c = c.withSave(this::persist);
        this.store = store;
        this.clock = clock;
        this.last = last;
        this.saved = last;
        known.forEach(r -> revisions.put(r.number(), r));
        this.thread = Executors.newSingleThreadScheduledExecutor(r -> Thread.ofPlatform().daemon()
            .name("horizon-rollout-" + c.service()).unstarted(r));
        thread.scheduleWithFixedDelay(this::tick, TICK_MILLIS, TICK_MILLIS, TimeUnit.MILLISECONDS);
    }

    /** Resumes the open rollout of {@code record} after a restart (the serving revision's fleet runs already). */
    synchronized void resume(RolloutRecord record) {
        Revision stable = revisions.get(record.stable());
        Revision next = revisions.get(record.revision());
        if (stable == null || next == null) {
            c.say("rollout.json names r" + record.stable() + " and r" + record.revision() + " but the revisions "
                + "directory lacks one; the rollout is not resumed and r" + record.serving() + " serves");
            return;
        }
        c.say("resuming the " + record.strategy() + " rollout of " + next.label() + " (" + record.phase() + ", "
            + CanaryRollout.percent((int) Math.round(record.weight() * 100)) + "): " + record.reason());
        try {
            run = runOf(Strategy.parse(record.strategy()), stable, next, record);
        } catch (RuntimeException e) { // an unreadable record, a refused split: hold it, keep the stable serving
            c.say("the " + record.strategy() + " rollout of " + next.label() + " is not resumed (" + e.getMessage()
                + "); " + stable.label() + " serves; horizon deploy starts it again");
            c.unsplit();
            run = null;
        }
    }

    private RolloutRun runOf(Strategy s, Revision stable, Revision next, @Nullable RolloutRecord resumed) {
        Instant now = clock.instant();
        return switch (s) {
            case CANARY -> new CanaryRollout(c, stable, next, now, resumed);
            case BLUE_GREEN -> new BlueGreenRollout(c, stable, next, now, resumed);
            case ROLLING -> new RollingRollout(c, stable, next, now, resumed);
        };
    }

    /**
     * {@code horizon deploy}: a new revision from the serving one with {@code command} (when not null) and
     * {@code env} (added to, and overriding, the serving revision's), rolled out with {@code strategy} (null: the
     * service's {@code deploy.strategy}).
     *
     * @throws IllegalStateException    when a rollout is under way
     * @throws IllegalArgumentException when the template is the serving one's (nothing to deploy)
     */
    synchronized String deploy(@Nullable List<String> command, Map<String, String> env, @Nullable Strategy strategy,
        String cause) {
        RolloutRun open = run;
        if (open != null && open.ended()) {
            last = open.record(); // its losing revision may still drain; the new rollout takes the split over
            run = null;
        } else if (open != null) {
            RolloutRecord r = open.record();
            throw new IllegalStateException(c.service() + ": the " + r.strategy() + " rollout of r" + r.revision()
                + " is " + r.phase() + (r.open() ? "; promote, abort or wait for it first" : "; wait for it to end")
                + " (horizon rollout status " + c.service() + ")");
        }
        Revision serving = Objects.requireNonNull(revisions.get(c.fleets().serving()));
        List<String> cmd = command == null ? serving.command() : command;
        Map<String, String> vars = new LinkedHashMap<>(serving.env());
        vars.putAll(env);
        return ship(serving, cmd, vars, strategy, cause);
    }

    /**
     * Rolls out exactly {@code cmd} and {@code vars}: a known revision of that template again (a retry after an
     * abort, an undo after a promotion) or a new one.
     */
    private String ship(Revision serving, List<String> cmd, Map<String, String> vars, @Nullable Strategy strategy,
        String cause) {
        if (serving.sameTemplate(cmd, vars)) {
            throw new IllegalArgumentException(c.service() + ": " + serving.label() + " runs that already; name a "
                + "different --command or --env to deploy");
        }
        Revision next = known(cmd, vars);
        if (next != null) {
            c.fleets().requireNotDraining(next.number()); // before runOf: its constructor sets the split
        } else {
            next = new Revision(revisions.lastKey() + 1, cmd, vars, clock.instant().toString(), cause);
            try {
                store.add(next);
            } catch (IOException e) {
                throw new UncheckedIOException(c.service() + ": cannot keep revision " + next.number() + " ("
                    + e.getMessage() + "); nothing deployed", e);
            }
            revisions.put(next.number(), next);
        }
        Strategy s = strategy == null ? c.config().strategy() : strategy;
        RolloutRun started = runOf(s, serving, next, null);
        run = started;
        persist(started.record());
        c.say("deploying " + next.label() + " (" + cause + ") with strategy " + s.text());
        return c.service() + ": deploying " + next.label() + " with strategy " + s.text() + "; follow it with horizon "
            + "rollout status " + c.service();
    }

    /** The newest known revision of this template, or null. */
    private @Nullable Revision known(List<String> cmd, Map<String, String> vars) {
        for (Revision r : revisions.descendingMap().values()) {
            if (r.sameTemplate(cmd, vars)) {
                return r;
            }
        }
        return null;
    }

    /** The rollout under way or the last one; null when the service was never deployed. */
    synchronized @Nullable RolloutRecord status() {
        RolloutRun r = run;
        return r != null ? r.record() : last;
    }

    synchronized String promote(boolean full) {
        return act(r -> r.promote(clock.instant(), full));
    }

    synchronized String abort() {
        return act(r -> r.abort("aborted by horizon rollout abort"));
    }

    /**
     * {@code horizon rollout undo}: stops the rollout under way, switches a blue-green one back within its delay, or
     * else deploys the revision that served before the last promotion.
     */
    synchronized String undo() {
        RolloutRun r = run;
        if (r != null) {
            try {
                String answer = r.undo(clock.instant());
                persist(r.record());
                return answer;
            } catch (IllegalStateException ended) {
                // promoted and settled: roll out the previous revision again, below
            }
        }
        RolloutRecord previous = status();
        if (previous == null || !previous.phase().equals("promoted")) {
            throw new IllegalStateException(c.service() + ": nothing to undo: " + (previous == null
                ? "it was never deployed" : "the last rollout (r" + previous.revision() + ") is " + previous.phase()));
        }
        Revision back = Objects.requireNonNull(revisions.get(previous.stable()));
        Revision serving = Objects.requireNonNull(revisions.get(c.fleets().serving()));
        return ship(serving, back.command(), back.env(), null, "horizon rollout undo: back to " + back.label());
    }

    private String act(java.util.function.Function<RolloutRun, String> command) {
        RolloutRun r = run;
        if (r == null) {
            throw new IllegalStateException(c.service() + ": no rollout under way");
        }
        String answer = command.apply(r);
        persist(r.record());
        return answer;
    }

    private void tick() {
        synchronized (this) {
            RolloutRun r = run;
            if (r == null) {
                return;
            }
            try {
                r.tick(clock.instant());
                RolloutRecord now = r.record();
                persist(now);
                if (r.settled()) {
                    last = now;
                    run = null;
                }
            } catch (RuntimeException e) {
                String line = "rollout tick failed: " + e;
                if (!line.equals(lastFailure)) { // said once, not every tick
                    c.say(line);
                    lastFailure = line;
                }
            }
        }
    }

    /** Writes the record when it changed; a write that fails is reported and retried at the next tick. */
    private void persist(RolloutRecord record) {
        if (record.equals(saved)) {
            return;
        }
        try {
            store.rollout(record);
            saved = record;
        } catch (IOException e) {
            c.say("cannot write " + store.dir().resolve("rollout.json") + " (" + e.getMessage() + "); retrying");
        }
    }

    /** The revisions known, lowest first. */
    synchronized List<Revision> revisions() {
        return new ArrayList<>(revisions.values());
    }

    @Override
    public void close() {
        thread.shutdownNow();
        try {
            thread.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
