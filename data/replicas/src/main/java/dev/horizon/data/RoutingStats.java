package dev.horizon.data;

import java.util.Map;

/**
 * Counts since the data source was built.
 *
 * @param connections  physical connections taken, by node name
 * @param fallbacks    reads that wanted a replica and went to the primary (none usable, or a causal wait ran out)
 * @param retries      auto-commit reads run again elsewhere because their replica failed
 * @param causalWaits  causal reads that had to wait for a replica to replay their token
 */
public record RoutingStats(Map<String, Long> connections, long fallbacks, long retries, long causalWaits) {}
