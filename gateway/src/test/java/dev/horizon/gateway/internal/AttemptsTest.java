package dev.horizon.gateway.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.horizon.gateway.RetryPolicy;
import io.netty.handler.codec.http.HttpMethod;
import org.junit.jupiter.api.Test;

/** The retry rule, pure: attempts, eligible endpoints, idempotency, held bodies and the budget. */
class AttemptsTest {

    private static final int TWO_ENDPOINTS = 2;
    private static final int FIVE_ENDPOINTS = 5;

    private final Attempts attempts = new Attempts();
    private final Budget budget = new Budget(10);

    /** A budget of a fixed number of places, counting what is in use. */
    private static final class Budget implements RetryBudget {
        int free;
        int inUse;

        Budget(int free) {
            this.free = free;
        }

        @Override
        public boolean tryStartRetry() {
            if (free == 0) {
                return false;
            }
            free--;
            inUse++;
            return true;
        }

        @Override
        public void retryFinished() {
            free++;
            inUse--;
        }
    }

    private Attempts planned(RetryPolicy policy, HttpMethod method, boolean expectContinue) {
        attempts.clear().plan(policy, method, expectContinue);
        return attempts;
    }

    private void attemptOn(String endpoint) {
        attempts.begin();
        attempts.tried(endpoint);
    }

    @Test
    void anIdempotentRequestIsRetriedUpToThePolicysAttemptsOnEndpointsNotTriedYet() {
        planned(RetryPolicy.DEFAULTS, HttpMethod.GET, false);
        attemptOn("a");
        assertThat(attempts.mayRetry(false, FIVE_ENDPOINTS, budget)).isTrue();
        attemptOn("b");
        assertThat(attempts.mayRetry(false, FIVE_ENDPOINTS, budget)).isTrue();
        attemptOn("c");

        assertThat(attempts.mayRetry(false, FIVE_ENDPOINTS, budget)).isFalse();
        assertThat(attempts.count()).isEqualTo(3);
        assertThat(attempts.triedEndpoints()).containsExactly("a", "b", "c");
        assertThat(attempts.lastEndpoint()).isEqualTo("c");
        assertThat(attempts.budgetPlaces()).isEqualTo(2);
        assertThat(budget.inUse).isEqualTo(2);
    }

    @Test
    void noRetryOnceEveryEligibleEndpointWasTried() {
        planned(RetryPolicy.DEFAULTS, HttpMethod.GET, false);
        attemptOn("a");
        attemptOn("b");

        assertThat(attempts.mayRetry(false, TWO_ENDPOINTS, budget)).isFalse();
        assertThat(attempts.mayRetryUnsent(TWO_ENDPOINTS)).isFalse();
        assertThat(budget.inUse).isZero();
    }

    @Test
    void aNonIdempotentRequestIsRetriedOnlyWhenThePolicySaysSo() {
        planned(RetryPolicy.DEFAULTS, HttpMethod.POST, false);
        attemptOn("a");
        assertThat(attempts.retryable()).isFalse();
        assertThat(attempts.holdsBody()).isFalse();
        assertThat(attempts.mayRetry(true, FIVE_ENDPOINTS, budget)).isFalse();

        planned(new RetryPolicy(2, 20, 3, true), HttpMethod.POST, false);
        attemptOn("a");
        assertThat(attempts.mayRetry(false, FIVE_ENDPOINTS, budget)).isTrue();
    }

    @Test
    void everyMethodOfRfc9110SectionNineTwoTwoIsIdempotentAndNoOther() {
        assertThat(new HttpMethod[] {HttpMethod.GET, HttpMethod.HEAD, HttpMethod.OPTIONS, HttpMethod.TRACE,
            HttpMethod.PUT, HttpMethod.DELETE}).allMatch(Attempts::isIdempotent);
        assertThat(new HttpMethod[] {HttpMethod.POST, HttpMethod.PATCH, HttpMethod.CONNECT,
            HttpMethod.valueOf("PROPFIND")}).noneMatch(Attempts::isIdempotent);
    }

    @Test
    void aConnectFailureIsRetriedForAnyMethodOutsideTheBudget() {
        Budget none = new Budget(0);
        planned(RetryPolicy.DEFAULTS, HttpMethod.POST, false);
        attemptOn("a");

        assertThat(attempts.mayRetry(false, FIVE_ENDPOINTS, none)).isFalse();
        assertThat(attempts.mayRetryUnsent(FIVE_ENDPOINTS)).isTrue();
        assertThat(attempts.budgetPlaces()).isZero();
    }

    @Test
    void aSpentBudgetStopsRetriesOfRequestsThatReachedAnEndpoint() {
        Budget one = new Budget(1);
        planned(RetryPolicy.DEFAULTS, HttpMethod.GET, false);
        attemptOn("a");
        assertThat(attempts.mayRetry(false, FIVE_ENDPOINTS, one)).isTrue();
        attemptOn("b");

        assertThat(attempts.mayRetry(false, FIVE_ENDPOINTS, one)).isFalse();
        attempts.releaseBudget(one);
        assertThat(one.free).isEqualTo(1);
        assertThat(attempts.budgetPlaces()).isZero();
    }

    @Test
    void aRequestThatWaitsFor100ContinueIsStreamedAndRetriedOnlyWhenItHadNoBody() {
        planned(RetryPolicy.DEFAULTS, HttpMethod.PUT, true);
        attemptOn("a");
        assertThat(attempts.retryable()).isTrue();
        assertThat(attempts.holdsBody()).isFalse();

        assertThat(attempts.mayRetry(false, FIVE_ENDPOINTS, budget)).isFalse();
        assertThat(attempts.mayRetry(true, FIVE_ENDPOINTS, budget)).isTrue();
    }

    @Test
    void aBodyOverTheReplayLimitEndsEveryRetryButAConnectFailures() {
        planned(RetryPolicy.DEFAULTS, HttpMethod.PUT, false);
        assertThat(attempts.holdsBody()).isTrue();
        attempts.bodyTooLarge();
        attemptOn("a");

        assertThat(attempts.holdsBody()).isFalse();
        assertThat(attempts.mayRetry(true, FIVE_ENDPOINTS, budget)).isFalse();
        assertThat(attempts.mayRetryUnsent(FIVE_ENDPOINTS)).isTrue();
    }

    @Test
    void noRetriesWhenThePolicyAllowsNone() {
        planned(new RetryPolicy(0, 20, 3, true), HttpMethod.GET, false);
        attemptOn("a");

        assertThat(attempts.retryable()).isFalse();
        assertThat(attempts.mayRetry(true, FIVE_ENDPOINTS, budget)).isFalse();
        assertThat(attempts.mayRetryUnsent(FIVE_ENDPOINTS)).isFalse();
    }

    @Test
    void clearingForgetsThePreviousExchange() {
        planned(RetryPolicy.DEFAULTS, HttpMethod.GET, false);
        attemptOn("a");
        attempts.mayRetry(false, FIVE_ENDPOINTS, budget);

        attempts.clear();

        assertThat(attempts.count()).isZero();
        assertThat(attempts.triedEndpoints()).isEmpty();
        assertThat(attempts.lastEndpoint()).isNull();
        assertThat(attempts.budgetPlaces()).isZero();
        assertThat(attempts.retryable()).isFalse();
        assertThat(attempts.holdsBody()).isFalse();
    }
}
