package dev.horizon.testing;

import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.util.ResourceLeakDetector;
import io.netty.util.ResourceLeakDetectorFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Fails a test class when a Netty buffer leaked while it ran. This jar lists it in
 * {@code META-INF/services/org.junit.jupiter.api.extension.Extension}, so it runs for every test class of a module
 * that has {@code horizon-testing} on its test class path and turns on
 * {@code junit.jupiter.extensions.autodetection.enabled} (the {@code app} modules do, in {@code app/pom.xml}); the
 * same POM sets {@code io.netty.leakDetection.level} to {@code paranoid}, so every buffer is tracked.
 *
 * <p>Loading this class installs a {@link ResourceLeakDetectorFactory} whose detectors record each leak report
 * (besides logging it as Netty does). JUnit instantiates autodetected extensions before it runs any test class, so
 * the factory is in place before Netty creates its buffer leak detector. After each test class the extension forces
 * garbage collection a few times, allocates and releases buffers (a tracked allocation is what makes Netty poll for
 * collected, unreleased buffers) and fails the class with every leak record found.
 */
public final class LeakDetectionExtension implements AfterAllCallback {

    private static final int GC_ROUNDS = 5;
    private static final Queue<String> LEAKS = new ConcurrentLinkedQueue<>();

    static {
        ResourceLeakDetectorFactory.setResourceLeakDetectorFactory(new RecordingFactory());
    }

    @Override
    public void afterAll(ExtensionContext context) {
        List<String> leaks = collectLeaks();
        if (!leaks.isEmpty()) {
            throw new AssertionError(leaks.size() + " leaked Netty resource(s) found after "
                + context.getDisplayName() + ":\n" + String.join("\n\n", leaks));
        }
    }

    /**
     * Forces garbage collection, drives Netty's leak detection and returns (and forgets) every leak reported since
     * the last call, each with its access records.
     */
    public static List<String> collectLeaks() {
        for (int round = 0; round < GC_ROUNDS; round++) {
            System.gc();
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            for (ByteBufAllocator allocator : List.of(PooledByteBufAllocator.DEFAULT, ByteBufAllocator.DEFAULT)) {
                allocator.buffer(1).release();
                allocator.directBuffer(1).release();
            }
            Unpooled.buffer(1).release();
        }
        List<String> leaks = new ArrayList<>();
        for (String leak = LEAKS.poll(); leak != null; leak = LEAKS.poll()) {
            leaks.add(leak);
        }
        return leaks;
    }

    /** Creates detectors that record what they report. */
    private static final class RecordingFactory extends ResourceLeakDetectorFactory {
        @Override
        @SuppressWarnings("deprecation") // the abstract method every factory must implement
        public <T> ResourceLeakDetector<T> newResourceLeakDetector(Class<T> resource, int samplingInterval,
                                                                   long maxActive) {
            return new RecordingDetector<>(resource, samplingInterval);
        }

        @Override
        public <T> ResourceLeakDetector<T> newResourceLeakDetector(Class<T> resource, int samplingInterval) {
            return new RecordingDetector<>(resource, samplingInterval);
        }
    }

    private static final class RecordingDetector<T> extends ResourceLeakDetector<T> {
        RecordingDetector(Class<T> resource, int samplingInterval) {
            super(resource, samplingInterval);
        }

        /** Reports even when Netty's logger would drop errors. */
        @Override
        protected boolean needReport() {
            return true;
        }

        @Override
        protected void reportTracedLeak(String resourceType, String records) {
            LEAKS.add("LEAK: " + resourceType + ".release() was not called before it was garbage-collected." + records);
            super.reportTracedLeak(resourceType, records);
        }

        @Override
        protected void reportUntracedLeak(String resourceType) {
            LEAKS.add("LEAK: " + resourceType + ".release() was not called before it was garbage-collected"
                + " (no access records: run with -Dio.netty.leakDetection.level=paranoid).");
            super.reportUntracedLeak(resourceType);
        }
    }
}
