package dev.horizon.gateway.internal;

import dev.horizon.gateway.RetryPolicy;
import io.netty.handler.codec.http.HttpMethod;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The attempts of one exchange and the rule that allows another: how many were made, on which endpoints, how many
 * places of the retry budget they hold, and whether the request can still be sent again.
 *
 * <p>The rule, after a failed attempt and before any byte of a response reached the client:
 * <ul>
 *   <li>a <b>connect failure</b> is retried for every method, outside the budget: nothing reached an endpoint, so a
 *       retry adds no load to one ({@link #mayRetryUnsent});</li>
 *   <li>any other failure (reset, invalid response, {@code 502}/{@code 503}/{@code 504}, no answer in time) is
 *       retried when the request is retryable — an idempotent method (RFC 9110 §9.2.2), or any method with
 *       {@code non-idempotent: true} — and can be sent again, because its body was held whole or it had none, and
 *       the service's retry budget gives a place ({@link #mayRetry});</li>
 *   <li>either way only while the policy's {@code attempts} allow another and an eligible endpoint is left that
 *       was not tried yet.</li>
 * </ul>
 * A retryable request's body is held for a replay up to {@value #REPLAY_LIMIT} bytes, unless the client waits for
 * {@code 100 Continue} (it sends the body only once an endpoint asked for it); a larger body is streamed, and from
 * then on only a connect failure is retried.
 *
 * <p>Pure: no clock, no I/O; the budget is handed in. A client connection serves one exchange at a time and keeps
 * one instance, {@link #clear() cleared} for each, so a request allocates nothing here.
 */
final class Attempts {

    /** Largest request body held for a possible retry. */
    static final int REPLAY_LIMIT = 64 * 1024;

    private final List<String> tried = new ArrayList<>(4);
    private int retries;
    private int started;
    private int budgetPlaces;
    private boolean retryable;
    private boolean holdsBody;

    /**
     * Forgets the previous exchange: no attempt, nothing tried, not retryable. That exchange gave its budget places
     * back when it ended ({@link #releaseBudget}).
     */
    Attempts clear() {
        tried.clear();
        retries = 0;
        started = 0;
        budgetPlaces = 0;
        retryable = false;
        holdsBody = false;
        return this;
    }

    /** Applies {@code policy} to a request with {@code method}, which waits for {@code 100 Continue} or not. */
    void plan(RetryPolicy policy, HttpMethod method, boolean expectContinue) {
        retries = policy.attempts();
        retryable = retries > 0 && (isIdempotent(method) || policy.nonIdempotent());
        holdsBody = retryable && !expectContinue;
    }

    /** Whether a failure after the request reached an endpoint may be retried at all (budget and body aside). */
    boolean retryable() {
        return retryable;
    }

    /** Whether the request body is held until complete, so that a retry can send it again. */
    boolean holdsBody() {
        return holdsBody;
    }

    /** The body outgrew {@link #REPLAY_LIMIT}: it is streamed, and only a connect failure is retried from now on. */
    void bodyTooLarge() {
        holdsBody = false;
        retryable = false;
    }

    /** Counts a new attempt and returns its number, 1 for the first. */
    int begin() {
        return ++started;
    }

    /** Attempts begun so far, including one that found no endpoint. */
    int count() {
        return started;
    }

    /** Records that the current attempt goes to {@code endpointId}. */
    void tried(String endpointId) {
        tried.add(endpointId);
    }

    /** The endpoints tried so far, in order; a retry avoids them. */
    List<String> triedEndpoints() {
        return tried;
    }

    /** The endpoint of the last attempt, or null when none was picked. */
    @Nullable String lastEndpoint() {
        return tried.isEmpty() ? null : tried.get(tried.size() - 1);
    }

    /** Places of the retry budget held. */
    int budgetPlaces() {
        return budgetPlaces;
    }

    /**
     * Whether an attempt that reached its endpoint and failed may be retried, taking a place of {@code budget} if so.
     *
     * @param bodyless whether the whole request was sent and had no body bytes, so it can be sent again unheld
     * @param eligible how many endpoints the service's balancer may pick now
     */
    boolean mayRetry(boolean bodyless, int eligible, RetryBudget budget) {
        if (!retryable || !(holdsBody || bodyless) || !attemptsLeft(eligible) || !budget.tryStartRetry()) {
            return false;
        }
        budgetPlaces++;
        return true;
    }

    /** Whether an attempt whose request reached no endpoint (its connect failed) may be retried: outside the budget. */
    boolean mayRetryUnsent(int eligible) {
        return attemptsLeft(eligible);
    }

    /** Gives back every place of {@code budget} this exchange holds; when it ends. */
    void releaseBudget(RetryBudget budget) {
        for (; budgetPlaces > 0; budgetPlaces--) {
            budget.retryFinished();
        }
    }

    private boolean attemptsLeft(int eligible) {
        return started <= retries && tried.size() < eligible;
    }

    /** RFC 9110 §9.2.2; POST, PATCH and CONNECT are not. */
    static boolean isIdempotent(HttpMethod method) {
        return method.equals(HttpMethod.GET) || method.equals(HttpMethod.HEAD) || method.equals(HttpMethod.OPTIONS)
            || method.equals(HttpMethod.TRACE) || method.equals(HttpMethod.PUT) || method.equals(HttpMethod.DELETE);
    }
}
