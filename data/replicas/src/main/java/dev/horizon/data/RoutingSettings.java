package dev.horizon.data;

import dev.horizon.balance.Algorithm;
import java.time.Duration;
import java.util.List;

/** A {@link RoutingDataSource}'s validated configuration (see {@link RoutingDataSource.Builder} for each option). */
record RoutingSettings(DataNode primary, List<DataNode> replicas, Algorithm balance, Duration maxLag,
                       long maxLagBytes, Duration lagCheckInterval, NoReplica noReplica,
                       TransactionReads transactionReads, boolean routePlainSelects, Duration causalWait) {

    /** Whether any statement's text can change where it goes, so statements must be classified. */
    boolean classifiesStatements() {
        return routePlainSelects || transactionReads != TransactionReads.PRIMARY;
    }
}
