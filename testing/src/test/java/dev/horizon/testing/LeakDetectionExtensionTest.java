package dev.horizon.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.util.ResourceLeakDetector;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Proves that {@link LeakDetectionExtension} sees leaks: each test leaks a buffer on purpose, checks that the
 * extension reports it with its records, and so consumes the report, which keeps this class (and the build) green.
 */
class LeakDetectionExtensionTest {

    private static final String HINT = "deliberate leak from LeakDetectionExtensionTest";

    @Test
    void runsWithParanoidLeakDetection() {
        assertThat(ResourceLeakDetector.getLevel()).isEqualTo(ResourceLeakDetector.Level.PARANOID);
    }

    @Test
    void reportsABufferCollectedWithoutReleaseWithItsRecords() {
        leakOneBuffer("reports");

        List<String> leaks = collectUntilReported();

        assertThat(leaks).singleElement().asString()
            .startsWith("LEAK: ByteBuf.release() was not called before it was garbage-collected.")
            .contains(HINT + " (reports)")
            .contains("leakOneBuffer");
        assertThat(LeakDetectionExtension.collectLeaks()).isEmpty();
    }

    @Test
    void failsTheTestClassWithTheLeakRecords() {
        leakOneBuffer("fails");
        ExtensionContext context = (ExtensionContext) Proxy.newProxyInstance(getClass().getClassLoader(),
            new Class<?>[] {ExtensionContext.class}, (proxy, method, args) -> {
                if (method.getName().equals("getDisplayName")) {
                    return "LeakyTest";
                }
                throw new UnsupportedOperationException(method.getName());
            });

        assertThatThrownBy(() -> {
            for (int attempt = 0; attempt < 20; attempt++) {
                new LeakDetectionExtension().afterAll(context);
            }
        })
            .isInstanceOf(AssertionError.class)
            .hasMessageStartingWith("1 leaked Netty resource(s) found after LeakyTest:\nLEAK: ByteBuf.release()")
            .hasMessageContaining(HINT + " (fails)");
        assertThat(LeakDetectionExtension.collectLeaks()).isEmpty();
    }

    /** Up to 20 collections: the collector decides when the buffer becomes unreachable. */
    private static List<String> collectUntilReported() {
        List<String> leaks = new ArrayList<>();
        for (int attempt = 0; attempt < 20 && leaks.isEmpty(); attempt++) {
            leaks.addAll(LeakDetectionExtension.collectLeaks());
        }
        return leaks;
    }

    private static void leakOneBuffer(String test) {
        ByteBuf leaked = ByteBufAllocator.DEFAULT.buffer(16);
        leaked.touch(HINT + " (" + test + ")");
        leaked.writeInt(42);
    }
}
