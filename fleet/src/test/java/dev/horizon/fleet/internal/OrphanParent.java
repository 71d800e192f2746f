package dev.horizon.fleet.internal;

import dev.horizon.fleet.LaunchRequest;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A stand-in for a Horizon process, run by tests as a real JVM: {@code OrphanParent STATE_DIR PDEATHSIG MODE} launches
 * {@code sleep 600} as instance {@code shop-1} through a {@link LocalProcessProvider}, prints {@code child PID}, and
 * then either waits to be killed ({@code MODE} = {@code wait}) or exits normally ({@code exit}).
 */
public final class OrphanParent {

    private OrphanParent() {
    }

    /** See the class comment. */
    public static void main(String[] args) throws Exception {
        LocalProcessProvider provider = LocalProcessProvider.create(Path.of(args[0]), Boolean.parseBoolean(args[1]));
        LocalProcess child = (LocalProcess) provider.launch(
            new LaunchRequest("shop", "shop-1", List.of("sleep", "600"), Map.of()));
        System.out.println("child " + child.pid());
        System.out.flush();
        if (args[2].equals("exit")) {
            System.exit(0);
        }
        Thread.sleep(Long.MAX_VALUE);
    }
}
