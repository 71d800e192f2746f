package dev.horizon.cli;

import java.util.Map;
import java.util.Properties;

/*
 * Implementation notes: on Java 25 Netty 4.2 leaves sun.misc.Unsafe alone by default (io.netty.noUnsafe=true), so
 * every byte its buffers read or write goes through a bounds- and session-checked ByteBuffer; profiling the gateway
 * under wrk showed that path, and allowing Unsafe raised a one-event-loop proxy from about 35k to 42k requests/s on
 * this project's 2-core machine (bench/RESULTS.md). Leak detection at Netty's default level samples one allocation
 * in 128 and records a stack trace for it; the tests run it at paranoid level instead, so the horizon process turns
 * it off. The JVM flag --sun-misc-unsafe-memory-access=allow (set by the ./horizon script) keeps Java 25 from
 * warning about the Unsafe use.
 */
/** Netty settings of the {@code horizon} process, applied before Netty's first class loads; any set explicitly win. */
final class NettyTuning {

    /** The settings and their values. */
    static final Map<String, String> DEFAULTS = Map.of(
        "io.netty.noUnsafe", "false",
        "io.netty.leakDetection.level", "disabled");

    private NettyTuning() {
    }

    /** Sets each default that {@code properties} does not already have. */
    static void apply(Properties properties) {
        DEFAULTS.forEach(properties::putIfAbsent);
    }
}
