package dev.horizon.gateway.internal;

import dev.horizon.balance.OutlierDetector.Outcome;
import dev.horizon.gateway.Timeouts;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Every deadline of a client connection and of its exchange: the request head (408), the idle keep-alive connection
 * (closed), a closing or lingering connection (closed), the whole exchange ({@code total}: 504, or the connection is
 * cut once the response started) and an exchange on which nothing moved for {@code backend} — whose fault that is
 * decides between a 504 charged to the endpoint and a 408 (or a cut) that is not.
 *
 * <p>Implementation notes. One task per connection checks every deadline every quarter of the shortest timeout,
 * instead of a timer per request: each fires at most a quarter of that period late, and a request costs no timer at
 * all. The task is one {@link Runnable} per connection, rescheduled after each check.
 */
final class DeadlineWatchdog {

    private final ProxyHandler connection;
    private final Supplier<Snapshot> snapshots;
    private final RequestForwarder forwarder;
    private final GatewayClock clock;
    private final Runnable check = this::check;
    private @Nullable ScheduledFuture<?> task;

    DeadlineWatchdog(ProxyHandler connection, Supplier<Snapshot> snapshots, RequestForwarder forwarder,
        GatewayClock clock) {
        this.connection = connection;
        this.snapshots = snapshots;
        this.forwarder = forwarder;
        this.clock = clock;
    }

    /** Schedules the next check. */
    void schedule() {
        Timeouts timeouts = snapshots.get().config().timeouts();
        long shortest = Math.min(timeouts.backend().toNanos(),
            Math.min(timeouts.requestHeaders().toNanos(), timeouts.idle().toNanos()));
        if (connection.state() == ConnectionState.LINGERING) {
            shortest = Math.min(shortest, LingeringClose.IDLE_NANOS);
        }
        if (!timeouts.total().isZero()) {
            shortest = Math.min(shortest, timeouts.total().toNanos());
        }
        task = connection.channel().eventLoop().schedule(check, Math.max(1_000_000L, shortest / 4),
            TimeUnit.NANOSECONDS);
    }

    /** Stops checking; when the connection has closed. */
    void cancel() {
        ScheduledFuture<?> t = task;
        if (t != null) {
            t.cancel(false);
            task = null;
        }
    }

    private void check() {
        try {
            checkNow();
        } catch (RuntimeException bug) {
            // a task's exception would only fail its future, leaving the connection without deadlines: close it, and
            // let the pipeline's tail report the bug
            connection.channel().pipeline().fireExceptionCaught(bug);
        }
    }

    private void checkNow() {
        task = null;
        Channel channel = connection.channel();
        if (!channel.isActive()) {
            return;
        }
        Timeouts timeouts = snapshots.get().config().timeouts();
        long now = clock.nanos();
        if (connection.endingExpired(now, timeouts.idle().toNanos())) {
            channel.close();
            return;
        }
        Exchange e = connection.exchange();
        if (connection.state() != ConnectionState.OPEN) {
            schedule(); // closing or lingering, within its bounds
            return;
        }
        if (e != null) {
            checkExchange(e, now);
        } else if (checkHead(now, timeouts)) {
            channel.close();
            return;
        }
        schedule();
    }

    /** Between requests: answers 408 to a late head; whether the connection is idle for too long (to be closed). */
    private boolean checkHead(long now, Timeouts timeouts) {
        HeadWait wait = connection.headWait();
        if (wait.late(now, timeouts.requestHeaders().toNanos())) {
            connection.closeAfterResponse();
            String what = wait.sawBytes() ? "request head not" : "no request";
            connection.answer(connection.answerWithoutRequest(), HttpResponseStatus.REQUEST_TIMEOUT,
                what + " received within " + timeouts.requestHeaders().toMillis() + " ms");
            return false;
        }
        return wait.idle(now, timeouts.idle().toNanos());
    }

    private void checkExchange(Exchange e, long now) {
        Timeouts timeouts = e.snapshot.config().timeouts();
        long total = timeouts.total().toNanos();
        if (total > 0 && now - e.startNanos >= total) {
            timeOut(e, "request not completed within the total timeout of " + timeouts.total().toMillis() + " ms");
        } else if (now - e.lastActivity >= timeouts.backend().toNanos()) {
            stalled(e, timeouts.backend());
        }
    }

    /**
     * Nothing moved on the exchange for {@code stall}: decide whose fault it is. The endpoint's when it has the whole
     * request and does not answer, or stopped reading the upload (504, charged); the client's when it stopped sending
     * its body, or stopped reading the response so the relay paused (408 or a cut connection, not charged).
     */
    private void stalled(Exchange e, Duration stall) {
        Channel backend = e.backend;
        boolean attached = e.attached() && backend != null;
        boolean uploadBlocked = backend != null && attached && !e.requestComplete && !backend.isWritable();
        if (clientNotReading(e)) {
            clientStalled(e, "client did not read the response for " + stall.toMillis() + " ms");
        } else if (attached && (e.requestComplete || e.uploadFailed || uploadBlocked)) {
            forwarder.attemptFailed(e, Outcome.TIMEOUT, false, HttpResponseStatus.GATEWAY_TIMEOUT, "endpoint "
                + e.endpointId() + (uploadBlocked ? " stopped reading the request for " : " did not answer within ")
                + stall.toMillis() + " ms");
        } else if (!e.requestComplete) {
            clientStalled(e, "request body stalled for " + stall.toMillis() + " ms");
        }
    }

    /** Whether the client stopped reading the response, so the relay (and the endpoint's reads) paused. */
    private boolean clientNotReading(Exchange e) {
        return e.responseStarted() && !connection.channel().isWritable();
    }

    /** The client stopped sending its body or reading the response: 408 if nothing was sent yet, else a cut. */
    private void clientStalled(Exchange e, String cause) {
        forwarder.abort(e);
        connection.closeAfterResponse();
        if (e.responseStarted()) {
            connection.cut(e, cause);
        } else {
            connection.answer(e, HttpResponseStatus.REQUEST_TIMEOUT, cause);
        }
    }

    /**
     * The whole exchange ran out of time: 504 if nothing was sent yet, else the connection is cut. While the request
     * body is still arriving the client is the slow side, and the endpoint is not charged.
     */
    private void timeOut(Exchange e, String cause) {
        if (e.member != null) {
            boolean clientSlow = !e.requestComplete || clientNotReading(e);
            forwarder.endAttempt(e, clientSlow ? null : Outcome.TIMEOUT);
        }
        if (e.responseStarted()) {
            connection.cut(e, cause);
        } else {
            if (!e.requestComplete) {
                connection.closeAfterResponse();
            }
            connection.answer(e, HttpResponseStatus.GATEWAY_TIMEOUT, cause);
        }
    }
}
