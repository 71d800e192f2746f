package dev.horizon.data.shard;

/** A transaction asked for a second shard while two-phase commit is off. Nothing was written to the second one. */
public final class CrossShardTransactionException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    CrossShardTransactionException(String message) {
        super(message);
    }
}
