package dev.horizon.data.shard;

import dev.horizon.data.shard.ReshardEvent.CaughtUp;
import dev.horizon.data.shard.ReshardEvent.CleanedUp;
import dev.horizon.data.shard.ReshardEvent.Converged;
import dev.horizon.data.shard.ReshardEvent.Copied;
import dev.horizon.data.shard.ReshardEvent.Failed;
import dev.horizon.data.shard.ReshardEvent.Locked;
import dev.horizon.data.shard.ReshardEvent.LockedWork;
import dev.horizon.data.shard.ReshardEvent.PairVerified;
import dev.horizon.data.shard.ReshardEvent.RolledBack;
import dev.horizon.data.shard.ReshardEvent.StepStarted;
import dev.horizon.data.shard.ReshardEvent.SwitchAborted;
import dev.horizon.data.shard.ReshardEvent.Switched;
import dev.horizon.data.shard.ReshardEvent.TableCopied;
import dev.horizon.data.shard.ReshardEvent.TableVerified;
import java.util.Locale;
import java.util.function.Consumer;

/** The resharding's events as human lines, as {@link Resharder#progress} and {@code horizon reshard} show them. */
final class ProgressLines implements ReshardListener {

    private final Consumer<String> sink;

    ProgressLines(Consumer<String> sink) {
        this.sink = sink;
    }

    @Override
    public void on(ReshardEvent event) {
        String line = line(event);
        if (!line.isEmpty()) {
            sink.accept(line);
        }
    }

    static String line(ReshardEvent event) {
        return switch (event) {
            case StepStarted s -> s.detail();
            case Copied c -> "copy: " + c.table() + " on shard " + c.shard() + ": " + c.rows() + " row(s)";
            case TableCopied c -> "copy: " + c.table() + ": " + c.rows() + " row(s) to move";
            case CaughtUp c -> "catch up: round " + c.round() + ": " + c.applied() + " write(s) synced of "
                + c.backlog() + " logged";
            case Converged c -> "catch up: " + c.verdict().name().toLowerCase(Locale.ROOT) + " after " + c.rounds()
                + " round(s), " + c.backlog() + " logged write(s) left for the switch";
            case PairVerified p -> "";
            case TableVerified t -> "verify: " + t.table() + ": counts and checksums match";
            case Locked l -> "switch: writes paused (attempt " + l.attempt() + "), " + l.budget().toMillis()
                + " ms of the pause left";
            case LockedWork w -> "";
            case SwitchAborted a -> "switch: attempt " + a.attempt() + " aborted, the old layout keeps serving: "
                + a.reason();
            case Switched s -> "switch: done in " + s.pause().toMillis() + " ms; the router uses " + s.strategy()
                + (s.epoch() > 0 ? " (epoch " + s.epoch() + ")" : "")
                + (s.unfinished().isEmpty() ? "" : "; but: " + String.join("; ", s.unfinished()));
            case CleanedUp c -> "cleanup: " + c.table() + " on shard " + c.shard() + ": " + c.rows()
                + " moved row(s) deleted";
            case Failed f -> "failed: " + f.reason() + "; rolling back";
            case RolledBack r -> r.problems().isEmpty() ? "rolled back: the old shards are as they were"
                : "rolled back, but clean by hand: " + String.join("; ", r.problems());
        };
    }
}
