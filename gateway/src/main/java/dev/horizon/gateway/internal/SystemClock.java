package dev.horizon.gateway.internal;

/** {@link GatewayClock#system()}: the only place in the gateway that reads the system's clocks. */
final class SystemClock implements GatewayClock {

    static final SystemClock INSTANCE = new SystemClock();

    private SystemClock() {
    }

    @Override
    public long nanos() {
        return System.nanoTime();
    }

    @Override
    public long epochMillis() {
        return System.currentTimeMillis();
    }
}
