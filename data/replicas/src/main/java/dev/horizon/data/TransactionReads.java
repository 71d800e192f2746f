package dev.horizon.data;

/**
 * Where the read statements of a read-write transaction go (ShardingSphere's PRIMARY, FIXED and DYNAMIC). Reads made
 * after the transaction's first write always go to the primary, so a transaction sees its own writes.
 */
public enum TransactionReads {
    /** Every statement of the transaction on the primary (the default): one snapshot, serializable as configured. */
    PRIMARY,
    /** Reads on one replica chosen for the whole transaction, writes on the primary. */
    FIXED_REPLICA,
    /** Each read on a replica chosen for that statement, writes on the primary. */
    PER_STATEMENT
}
