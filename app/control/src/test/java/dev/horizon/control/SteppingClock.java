package dev.horizon.control;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;

/** A clock a minute later at every read, so that a loop evaluating every millisecond lives through a day in seconds. */
final class SteppingClock extends Clock {

    private final Instant start;
    private final AtomicLong reads;

    /** Reads {@code start}, then a minute later each time, as if {@code done} reads had already happened. */
    SteppingClock(Instant start, long done) {
        this.start = start;
        this.reads = new AtomicLong(done);
    }

    /** How many times it has been read, counting the ones it started with. */
    long reads() {
        return reads.get();
    }

    @Override
    public Instant instant() {
        return start.plusSeconds(60 * reads.getAndIncrement());
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("a test clock in UTC");
    }
}
