package dev.horizon.control;

import dev.horizon.fleet.Handle;
import dev.horizon.fleet.LaunchRequest;
import dev.horizon.fleet.Provider;
import java.io.IOException;
import java.util.List;

/**
 * A provider for fleets whose minimum is 0 and that never need an instance: a launch fails, nothing is left over, and
 * like any provider without cgroups it enforces no limits.
 */
final class LaunchesNothing implements Provider {

    @Override
    public Handle launch(LaunchRequest request) throws IOException {
        throw new IOException("this test launches nothing");
    }

    @Override
    public List<String> cleanupOrphans() {
        return List.of();
    }

    @Override
    public void close() {
    }
}
