package dev.horizon.gateway.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.horizon.gateway.ConcurrencyLimitConfig;
import dev.horizon.gateway.Priority;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ServiceAdmissionTest {

    private static final long MS = 1_000_000L;

    /** Records what each waiter was told, in order. */
    private final List<String> told = new ArrayList<>();

    private ServiceAdmission.Permit permit(ServiceAdmission gate, Priority priority, String name) {
        return gate.permit(priority, new ServiceAdmission.Waiter() {
            @Override
            public void granted() {
                told.add(name + " granted");
            }

            @Override
            public void shed() {
                told.add(name + " shed");
            }
        });
    }

    private static ServiceAdmission queued(int max, int size) {
        return new ServiceAdmission("shop", ConcurrencyLimitConfig.fixed(max)
            .withQueue(new ConcurrencyLimitConfig.Queue(size, Duration.ofMillis(50))));
    }

    @Test
    void admitsEachPriorityUpToItsThresholdAndShedsTheRestWithoutAQueue() {
        ServiceAdmission gate = new ServiceAdmission("shop", ConcurrencyLimitConfig.fixed(10));
        List<ServiceAdmission.Answer> answers = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            answers.add(gate.acquire(permit(gate, Priority.LOW, "l" + i), 0));
        }
        answers.add(gate.acquire(permit(gate, Priority.LOW, "l8"), 0));
        answers.add(gate.acquire(permit(gate, Priority.NORMAL, "n"), 0));
        answers.add(gate.acquire(permit(gate, Priority.NORMAL, "n2"), 0));
        answers.add(gate.acquire(permit(gate, Priority.HIGH, "h"), 0));
        answers.add(gate.acquire(permit(gate, Priority.HIGH, "h2"), 0));
        assertThat(answers.subList(8, 13)).containsExactly(ServiceAdmission.Answer.SHED,
            ServiceAdmission.Answer.ADMITTED, ServiceAdmission.Answer.SHED, ServiceAdmission.Answer.ADMITTED,
            ServiceAdmission.Answer.SHED);
        assertThat(gate.inflight()).isEqualTo(10);
        assertThat(gate.shed(Priority.LOW, ServiceAdmission.Reason.LIMIT)).isEqualTo(1);
        assertThat(gate.shed(Priority.NORMAL, ServiceAdmission.Reason.LIMIT)).isEqualTo(1);
        assertThat(gate.shed(Priority.HIGH, ServiceAdmission.Reason.LIMIT)).isEqualTo(1);
    }

    @Test
    void aFreedPlaceGoesToTheOldestWaiterOfTheHighestPriority() {
        ServiceAdmission gate = queued(2, 4);
        ServiceAdmission.Permit a = permit(gate, Priority.NORMAL, "a");
        ServiceAdmission.Permit b = permit(gate, Priority.NORMAL, "b");
        gate.acquire(a, 0);
        gate.acquire(b, 0);
        ServiceAdmission.Permit low = permit(gate, Priority.LOW, "low");
        ServiceAdmission.Permit n1 = permit(gate, Priority.NORMAL, "n1");
        ServiceAdmission.Permit n2 = permit(gate, Priority.NORMAL, "n2");
        ServiceAdmission.Permit high = permit(gate, Priority.HIGH, "high");
        for (ServiceAdmission.Permit p : List.of(low, n1, n2, high)) {
            assertThat(gate.acquire(p, MS)).isEqualTo(ServiceAdmission.Answer.QUEUED);
        }
        assertThat(gate.queued()).isEqualTo(4);
        gate.finish(a, 10 * MS, 9 * MS, false);
        gate.finish(b, 11 * MS, 9 * MS, false);
        gate.finish(high, 12 * MS, 1 * MS, false);
        gate.finish(n1, 13 * MS, 1 * MS, false);
        gate.finish(n2, 14 * MS, 1 * MS, false);
        assertThat(told).containsExactly("high granted", "n1 granted", "n2 granted", "low granted");
        assertThat(gate.inflight()).isEqualTo(1);
        assertThat(gate.queued()).isZero();
    }

    @Test
    void aFullQueueShedsItsNewestLowerWaiterForAHigherOneAndTheNewcomerOtherwise() {
        ServiceAdmission gate = queued(1, 2);
        gate.acquire(permit(gate, Priority.NORMAL, "in"), 0);
        ServiceAdmission.Permit low1 = permit(gate, Priority.LOW, "low1");
        ServiceAdmission.Permit low2 = permit(gate, Priority.LOW, "low2");
        gate.acquire(low1, 0);
        gate.acquire(low2, 0);
        assertThat(gate.acquire(permit(gate, Priority.LOW, "low3"), 0)).isEqualTo(ServiceAdmission.Answer.SHED);
        assertThat(gate.acquire(permit(gate, Priority.NORMAL, "n"), 0)).isEqualTo(ServiceAdmission.Answer.QUEUED);
        assertThat(told).containsExactly("low2 shed");
        assertThat(gate.shed(Priority.LOW, ServiceAdmission.Reason.LIMIT)).isEqualTo(2);
        assertThat(gate.queued()).isEqualTo(2);
        assertThat(gate.expire(low2)).as("already shed").isFalse();
        assertThat(gate.expire(low1)).isTrue();
        assertThat(gate.shed(Priority.LOW, ServiceAdmission.Reason.QUEUE_TIMEOUT)).isEqualTo(1);
        assertThat(gate.queued()).isEqualTo(1);
    }

    @Test
    void finishingTwiceOrAfterBeingShedGivesNothingBack() {
        ServiceAdmission gate = queued(1, 1);
        ServiceAdmission.Permit in = permit(gate, Priority.NORMAL, "in");
        ServiceAdmission.Permit waiting = permit(gate, Priority.NORMAL, "waiting");
        gate.acquire(in, 0);
        gate.acquire(waiting, 0);
        gate.finish(waiting, MS, -1, false);
        assertThat(gate.queued()).isZero();
        assertThat(gate.inflight()).isEqualTo(1);
        gate.finish(in, MS, -1, false);
        gate.finish(in, MS, -1, false);
        assertThat(gate.inflight()).isZero();
        assertThat(told).isEmpty();
        assertThatThrownBy(() -> gate.acquire(in, 0)).hasMessage("permit asked twice: FINISHED");
    }

    @Test
    void samplesMoveAnAdaptiveLimitAndAHigherLimitAdmitsWaiters() {
        ServiceAdmission gate = new ServiceAdmission("shop", new ConcurrencyLimitConfig(
            ConcurrencyLimitConfig.Algorithm.AIMD, 2, 10, Duration.ofMillis(100),
            new ConcurrencyLimitConfig.Queue(5, Duration.ofMillis(50)), Duration.ofSeconds(1)));
        ServiceAdmission.Permit a = permit(gate, Priority.HIGH, "a");
        ServiceAdmission.Permit b = permit(gate, Priority.HIGH, "b");
        ServiceAdmission.Permit c = permit(gate, Priority.HIGH, "c");
        ServiceAdmission.Permit d = permit(gate, Priority.HIGH, "d");
        for (ServiceAdmission.Permit p : List.of(a, b, c, d)) {
            gate.acquire(p, 0);
        }
        assertThat(gate.limit()).isEqualTo(2);
        // a answered with 2 in flight at its admission: 2 × 2 >= 2, so +1; c takes a's place and d the new one
        gate.finish(a, 5 * MS, 5 * MS, false);
        assertThat(gate.limit()).isEqualTo(3);
        assertThat(told).containsExactly("c granted", "d granted");
        // a timeout backs off: 3 × 0.9 = 2.7, so 2
        gate.finish(b, 6 * MS, 6 * MS, true);
        assertThat(gate.limit()).isEqualTo(2);
        // a finish without a sample (the client left) changes nothing
        gate.finish(c, 7 * MS, -1, false);
        assertThat(gate.limit()).isEqualTo(2);
        assertThat(gate.inflight()).isEqualTo(1);
    }
}
