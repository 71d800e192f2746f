package dev.horizon.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The rolling update's budget against the Kubernetes Deployment controller: cases ported by name from
 * {@code pkg/controller/deployment/util/deployment_util_test.go} ({@code TestResolveFenceposts},
 * {@code TestMaxUnavailable}) and {@code rolling_test.go} ({@code TestDeploymentController_reconcileNewReplicaSet},
 * {@code TestDeploymentController_reconcileOldReplicaSets}).
 */
class RollingBudgetTest {

    private static RollingBudget budget(String surge, String unavailable) {
        return new RollingBudget(Allowance.parse(surge), Allowance.parse(unavailable));
    }

    @Test
    void resolveFencepostsSurgeRoundsUpAndUnavailableRoundsDown() {
        // TestResolveFenceposts: "39%", "39%", desired 10 → 4, 3
        RollingBudget b = budget("39%", "39%");

        assertThat(b.surge(10)).isEqualTo(4);
        assertThat(b.unavailable(10)).isEqualTo(3);
    }

    @Test
    void resolveFencepostsWithOneSideAbsent() {
        // TestResolveFenceposts: nil, "39%" → 0, 3 and "39%", nil → 4, 0 (nil is 0 here)
        assertThat(budget("0", "39%").surge(10)).isZero();
        assertThat(budget("0", "39%").unavailable(10)).isEqualTo(3);
        assertThat(budget("39%", "0").surge(10)).isEqualTo(4);
        assertThat(budget("39%", "0").unavailable(10)).isZero();
    }

    @Test
    void resolveFencepostsBothRoundingToZeroMakeUnavailableOne() {
        // TestResolveFenceposts: "0%", "0%", desired 0 → 0, 1; here 0% surge and 10% of 5 (0.5, rounded down)
        RollingBudget b = budget("0%", "10%");

        assertThat(b.surge(5)).isZero();
        assertThat(b.unavailable(5)).isEqualTo(1);
    }

    @Test
    void maxUnavailableIsNeverMoreThanDesired() {
        // TestMaxUnavailable
        assertThat(budget("1", "5").unavailable(10)).isEqualTo(5);
        assertThat(budget("1", "10").unavailable(10)).isEqualTo(10);
        assertThat(budget("1", "10").unavailable(5)).isEqualTo(5);
        assertThat(budget("1", "10").unavailable(0)).isZero();
        assertThat(budget("1", "50%").unavailable(10)).isEqualTo(5);
        assertThat(budget("1", "100%").unavailable(10)).isEqualTo(10);
        assertThat(budget("1", "100%").unavailable(5)).isEqualTo(5);
    }

    @Test
    void reconcileNewReplicaSet() {
        // deploymentReplicas 10, maxUnavailable 0 (1 where surge is 0: the fencepost); (surge, old, new) → new
        assertThat(budget("0", "1").next(10, 0, 0, 10, 10).newInstances()).isZero();
        assertThat(budget("2", "0").next(10, 0, 0, 10, 10).newInstances()).isEqualTo(2);
        assertThat(budget("2", "0").next(10, 0, 0, 5, 5).newInstances()).isEqualTo(7);
        assertThat(budget("2", "0").next(10, 0, 2, 10, 10).newInstances()).isEqualTo(2);
        assertThat(budget("2", "0").next(10, 0, 11, 2, 2).newInstances()).isEqualTo(10);
    }

    @Test
    void reconcileOldReplicaSets() {
        // deploymentReplicas 10, maxSurge 0; (unavailable, old, new, old ready, new ready) → old
        assertThat(budget("0", "1").next(10, 0, 0, 10, 10).oldInstances()).isEqualTo(9);
        assertThat(budget("0", "2").next(10, 0, 0, 10, 10).oldInstances()).isEqualTo(8);
        // unhealthy old instances are cleaned up first
        assertThat(budget("0", "2").next(10, 0, 0, 10, 8).oldInstances()).isEqualTo(8);
        // one unhealthy cleaned up, one ready scaled down
        assertThat(budget("0", "2").next(10, 0, 0, 10, 9).oldInstances()).isEqualTo(8);
        // the new revision's not-ready instances hold the old ones back
        assertThat(budget("0", "2").next(10, 0, 2, 8, 8).oldInstances()).isEqualTo(8);
    }

    @Test
    void kubernetesDefaultsOnTenInstancesStartThreeAndStopTwo() {
        RollingBudget kubernetes = budget("25%", "25%");

        assertThat(kubernetes.next(10, 0, 0, 10, 10)).isEqualTo(new RollingBudget.Targets(3, 8));
    }

    @Test
    void horizonDefaultsReplaceOneAtATimeNeverBelowTheDesiredReadyCount() {
        RollingBudget b = RollingBudget.defaults();
        int desired = 4;
        int newTotal = 0;
        int newReady = 0;
        int oldTotal = 4;
        int oldReady = 4;
        List<RollingBudget.Targets> trace = new ArrayList<>();
        while (newReady < desired || oldTotal > 0) {
            RollingBudget.Targets t = b.next(desired, newReady, newTotal, oldTotal, oldReady);
            trace.add(t);
            newTotal = t.newInstances();
            oldReady -= oldTotal - t.oldInstances();
            oldTotal = t.oldInstances();
            assertThat(newTotal + oldTotal).isLessThanOrEqualTo(desired + 1);
            assertThat(newReady + oldReady).isGreaterThanOrEqualTo(desired);
            newReady = newTotal;
        }

        assertThat(trace).containsExactly(new RollingBudget.Targets(1, 4), new RollingBudget.Targets(1, 3),
            new RollingBudget.Targets(2, 3), new RollingBudget.Targets(2, 2), new RollingBudget.Targets(3, 2),
            new RollingBudget.Targets(3, 1), new RollingBudget.Targets(4, 1), new RollingBudget.Targets(4, 0));
    }

    @Test
    void bothZeroIsRefused() {
        assertThatThrownBy(() -> budget("0%", "0"))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessage("max-surge: 0 with max-unavailable: 0 (expected: at least one above 0, or no instance could be "
                + "replaced)");
    }

    @Test
    void countsOutOfOrderAreRefused() {
        assertThatThrownBy(() -> RollingBudget.defaults().next(4, 3, 2, 4, 4))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessage("counts: desired 4, new 3 ready of 2, old 4 ready of 4 (expected: 0 <= ready <= total)");
    }

    @Test
    void allowancesParseCountsAndPercentages() {
        assertThat(Allowance.parse("2")).isEqualTo(Allowance.count(2));
        assertThat(Allowance.parse("25%")).isEqualTo(Allowance.percentOf(25));
        assertThat(Allowance.parse("25%").toString()).isEqualTo("25%");
        assertThatThrownBy(() -> Allowance.parse("25 %")).isInstanceOf(IllegalArgumentException.class)
            .hasMessage("'25 %' (expected: a count like 1, or a percentage of the desired count like 25%)");
        assertThatThrownBy(() -> Allowance.parse("101%")).isInstanceOf(IllegalArgumentException.class)
            .hasMessage("101% (expected: a count 0..10000 or a percentage 0%..100%)");
    }
}
