package dev.horizon.control;

import dev.horizon.fleet.Membership;

/** A membership for fleets that never have an instance: nothing joins, nothing is healthy. */
final class NoMembership implements Membership {

    @Override
    public void join(String instanceId, String address) {
    }

    @Override
    public void drain(String instanceId) {
    }

    @Override
    public int inFlight(String instanceId) {
        return 0;
    }

    @Override
    public void leave(String instanceId) {
    }

    @Override
    public boolean healthy(String instanceId) {
        return false;
    }
}
