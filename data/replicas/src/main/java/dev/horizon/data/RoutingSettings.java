package dev.horizon.data;

import dev.horizon.balance.Algorithm;
import java.time.Duration;
import java.util.List;

/** A {@link RoutingDataSource}'s validated configuration (see {@link RoutingDataSource.Builder} for each option). */
record RoutingSettings(DataNode primary, List<DataNode> replicas, Algorithm balance, Duration maxLag,
                       long maxLagBytes, Duration lagCheckInterval, NoReplica noReplica,
                       TransactionReads transactionReads, boolean routePlainSelects, Duration causalWait) {}
