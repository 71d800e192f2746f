package dev.horizon.fleet;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/** A nanosecond clock that moves only when the test says so. */
final class ManualClock implements LongSupplier {

    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);

    @Override
    public long getAsLong() {
        return nanos.get();
    }

    long advance(Duration d) {
        return nanos.addAndGet(d.toNanos());
    }

    void set(long value) {
        nanos.set(value);
    }
}
