/**
 * How a service moves from one revision to the next: the canary step machine ({@link dev.horizon.deploy.CanaryRun},
 * Argo Rollouts' {@code setWeight}/{@code pause} steps and its analysis limits), blue-green
 * ({@link dev.horizon.deploy.BlueGreenRun}), the rolling update's surge and unavailability budget
 * ({@link dev.horizon.deploy.RollingBudget}, the Kubernetes Deployment controller's math), and the judge that compares
 * the canary with the stable revision every analysis interval ({@link dev.horizon.deploy.Analysis}: error rate, p99,
 * and Kayenta's Mann-Whitney U test with an effect-size gate).
 *
 * <p>Nothing here does I/O, starts threads or reads the wall clock: the machines take an {@link java.time.Instant}
 * with every event and return what the caller must do, so a rollout is a deterministic function of its inputs, and the
 * same code can run under the simulator's virtual clock. The caller (the control plane) owns the gateway's weights,
 * the instances and the metrics.
 */
@NullMarked
package dev.horizon.deploy;

import org.jspecify.annotations.NullMarked;
