package dev.horizon.control;

/**
 * A managed service's autoscaler decisions, as the admin API shows them ({@code GET /admin/services/{s}/decisions}).
 *
 * @param service     the service
 * @param autoscaling whether the service has an autoscaler
 * @param logJson     the autoscaler's decision log as the JSON array {@code DecisionLog.toJson()} writes; {@code []}
 *                    without autoscaling
 */
public record ManagedDecisions(String service, boolean autoscaling, String logJson) {
}
