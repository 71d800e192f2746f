package dev.horizon.admin;

import static dev.horizon.admin.AdminResponses.error;
import static dev.horizon.admin.AdminResponses.text;

import dev.horizon.duration.DurationText;
import dev.horizon.gateway.ServicesView;
import dev.horizon.gateway.ServicesView.RecordedSecond;
import dev.horizon.spelling.Spelling;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * {@code GET /admin/services/{s}/trace[?last=10m | ?since=2026-12-02T14:00:00Z]}: what the gateway recorded of a
 * service's arrivals, as the simulator's trace CSV ({@code seconds,rps}, read by {@code TraceCsv} and
 * {@code horizon sim}): one row per second, the seconds counted from the first row, the first row's time in a
 * {@code #} comment. Without {@code last} or {@code since} it starts at the first second with a request in the day
 * the gateway keeps (a header and the comment alone when there is none); with one, at that time. The last row is the
 * second under way, and a second counts a request once it has ended.
 */
final class TraceResource {

    /** The content type of the answer. */
    static final String CSV = "text/csv; charset=utf-8";

    private TraceResource() {
    }

    static FullHttpResponse get(ServicesView services, String service, @Nullable String since,
        @Nullable String last) {
        long now = services.epochSecond();
        long from;
        try {
            from = from(now, since, last);
        } catch (IllegalArgumentException e) {
            return error(HttpResponseStatus.BAD_REQUEST, String.valueOf(e.getMessage()));
        }
        List<RecordedSecond> seconds = services.recording(service, from);
        if (seconds == null) {
            List<String> names = services.list().stream().map(ServicesView.ServiceStatus::name).toList();
            return error(HttpResponseStatus.NOT_FOUND, "no service " + service + Spelling.hint(service, names));
        }
        int first = 0;
        if (since == null && last == null) {
            while (first < seconds.size() && seconds.get(first).arrivals() == 0) {
                first++;
            }
        }
        return text(csv(service, seconds.subList(first, seconds.size())), CSV);
    }

    /** The trace CSV of {@code seconds}, the first at 0. */
    static String csv(String service, List<RecordedSecond> seconds) {
        StringBuilder b = new StringBuilder(32 + seconds.size() * 10).append("seconds,rps\n");
        if (seconds.isEmpty()) {
            return b.append("# ").append(service).append(": no requests recorded\n").toString();
        }
        b.append("# ").append(service).append(": requests per second recorded by the gateway from ")
            .append(Instant.ofEpochSecond(seconds.getFirst().epochSecond()))
            .append(", by arrival; the last row is the second under way\n");
        for (int i = 0; i < seconds.size(); i++) {
            b.append(i).append(',').append(seconds.get(i).arrivals()).append('\n');
        }
        return b.toString();
    }

    private static long from(long now, @Nullable String since, @Nullable String last) {
        if (since != null && last != null) {
            throw new IllegalArgumentException("since and last: give one of them, not both");
        }
        if (last != null) {
            Duration d;
            try {
                d = DurationText.parse(last);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("last: '" + last + "' " + e.getMessage(), e);
            }
            if (d.compareTo(Duration.ofSeconds(1)) < 0) {
                throw new IllegalArgumentException("last: " + last + " (expected: 1s or more)");
            }
            return now - d.toSeconds() + 1;
        }
        if (since != null) {
            try {
                return Instant.parse(since).getEpochSecond();
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("since: '" + since
                    + "' (expected: an ISO-8601 time like 2026-12-02T14:00:00Z)", e);
            }
        }
        return Long.MIN_VALUE;
    }
}
