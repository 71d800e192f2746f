package dev.horizon.fleet;

import dev.horizon.fleet.internal.LocalProcessProvider;
import java.nio.file.Path;
import java.util.List;

/**
 * A stand-in for a Horizon process mid-deploy, run by tests as a real JVM: {@code RevisionsParent STATE_DIR} runs two
 * fleets of service {@code shop} on one {@link LocalProcessProvider} without the parent-death signal, revision 1 and
 * revision 2, one {@link TestService} each; prints {@code ready} once both are in service, then waits to be killed.
 */
public final class RevisionsParent {

    private RevisionsParent() {
    }

    /** See the class comment. */
    public static void main(String[] args) throws Exception {
        LocalProcessProvider provider = LocalProcessProvider.create(Path.of(args[0]), false);
        InMemoryMembership pool = new InMemoryMembership();
        List<Fleet> fleets = List.of(
            Fleet.start(FleetRig.spec(Children.service()).instances(1, 1).build(), provider, pool),
            Fleet.start(FleetRig.spec(Children.service()).instances(1, 1).revision(2).build(), provider, pool));
        Children.await("both revisions in service", () -> fleets.stream().allMatch(f -> f.status().ready() == 1));
        System.out.println("ready");
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
