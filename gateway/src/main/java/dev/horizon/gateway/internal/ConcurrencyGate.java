package dev.horizon.gateway.internal;

import dev.horizon.gateway.ConcurrencyLimitConfig;
import dev.horizon.gateway.Priority;
import dev.horizon.gateway.Route;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.concurrent.TimeUnit;

/**
 * A client connection's side of its services' {@link ServiceAdmission admission gates}: asks the gate for each
 * exchange of a service with a concurrency limit, answers a shed one 503 with {@code Retry-After}, and resumes a
 * queued one on this connection's event loop when it is admitted — or answers it 503 when its queue deadline
 * passes first. The exchange keeps its permit and gives it back when it ends ({@link Exchange#end}), whatever
 * ended it.
 */
final class ConcurrencyGate {

    private final ProxyHandler connection;
    private final RequestForwarder forwarder;
    private final GatewayClock clock;

    ConcurrencyGate(ProxyHandler connection, RequestForwarder forwarder, GatewayClock clock) {
        this.connection = connection;
        this.forwarder = forwarder;
        this.clock = clock;
    }

    /**
     * Asks {@code gate} to admit {@code e}: true if it may go on now; false if it was answered 503 or waits in the
     * queue (then {@link RequestForwarder#resume} goes on with it when it is admitted).
     */
    boolean enter(Exchange e, ServiceRuntime service, ServiceAdmission gate) {
        Route route = e.route;
        Priority priority = route == null ? Priority.NORMAL : route.priority();
        EventLoop loop = connection.channel().eventLoop();
        ServiceAdmission.Permit[] self = new ServiceAdmission.Permit[1];
        ServiceAdmission.Permit permit = gate.permit(priority, new ServiceAdmission.Waiter() {
            @Override
            public void granted() {
                loop.execute(() -> onGranted(e, service, self[0]));
            }

            @Override
            public void shed() {
                loop.execute(() -> onShed(e, service, self[0], ServiceAdmission.Reason.LIMIT));
            }
        });
        self[0] = permit;
        e.permit = permit;
        switch (gate.acquire(permit, clock.nanos())) {
            case ADMITTED -> {
                return true;
            }
            case QUEUED -> {
                ConcurrencyLimitConfig.Queue queue = gate.config().queue();
                long timeout = queue == null ? 0 : queue.timeout().toNanos();
                permit.deadline = loop.schedule(() -> {
                    if (gate.expire(permit)) {
                        onShed(e, service, permit, ServiceAdmission.Reason.QUEUE_TIMEOUT);
                    }
                }, timeout, TimeUnit.NANOSECONDS);
                return false;
            }
            default -> {
                answerShed(e, service, gate, ServiceAdmission.Reason.LIMIT);
                return false;
            }
        }
    }

    private void onGranted(Exchange e, ServiceRuntime service, ServiceAdmission.Permit permit) {
        cancelDeadline(permit);
        // meanwhile the exchange may have ended (its end gave the place back) or been answered
        if (current(e, permit)) {
            forwarder.resume(e, service);
        }
    }

    private void onShed(Exchange e, ServiceRuntime service, ServiceAdmission.Permit permit,
        ServiceAdmission.Reason reason) {
        cancelDeadline(permit);
        if (current(e, permit)) {
            answerShed(e, service, permit.gate, reason);
        }
    }

    private boolean current(Exchange e, ServiceAdmission.Permit permit) {
        return connection.exchange() == e && e.permit == permit && e.phase() == ExchangePhase.RECEIVING;
    }

    private static void cancelDeadline(ServiceAdmission.Permit permit) {
        io.netty.util.concurrent.ScheduledFuture<?> deadline = permit.deadline;
        if (deadline != null) {
            permit.deadline = null;
            deadline.cancel(false);
        }
    }

    /**
     * The 503 of a shed request, with {@code Retry-After}; counted in the service's per-second recording as a refused
     * arrival, so a recorded trace keeps the demand the limit refused (what {@code horizon trace export} and the
     * simulator read) and the dashboard shows the 503s per service.
     */
    private void answerShed(Exchange e, ServiceRuntime service, ServiceAdmission gate, ServiceAdmission.Reason reason) {
        service.recording().recordShed(e.startMillis / 1000);
        long seconds = gate.config().retryAfterSeconds();
        String cause = reason == ServiceAdmission.Reason.QUEUE_TIMEOUT
            ? "service '" + gate.service() + "' is over its concurrency limit (" + gate.limit()
                + ") and the request waited " + queueMillis(gate) + " ms in its queue"
            : "service '" + gate.service() + "' is over its concurrency limit (" + gate.limit() + ")";
        connection.answer(e, HttpResponseStatus.SERVICE_UNAVAILABLE, cause,
            ErrorResponses.body(HttpResponseStatus.SERVICE_UNAVAILABLE, cause, e.requestId),
            "Retry-After: " + seconds + "\r\n");
    }

    private static long queueMillis(ServiceAdmission gate) {
        ConcurrencyLimitConfig.Queue queue = gate.config().queue();
        return queue == null ? 0 : queue.timeout().toMillis();
    }
}
