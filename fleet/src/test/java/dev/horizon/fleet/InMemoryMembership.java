package dev.horizon.fleet;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/** A pool in memory: records every call, and lets the test set in-flight counts and health. */
final class InMemoryMembership implements Membership {

    private final List<String> events = new CopyOnWriteArrayList<>();
    private final Map<String, String> members = new ConcurrentHashMap<>();
    private final Set<String> draining = ConcurrentHashMap.newKeySet();
    private final Map<String, Integer> inFlight = new ConcurrentHashMap<>();
    private final Set<String> unhealthy = ConcurrentHashMap.newKeySet();

    @Override
    public void join(String instanceId, String address) {
        events.add("join " + instanceId + " " + address);
        members.put(instanceId, address);
    }

    @Override
    public void drain(String instanceId) {
        events.add("drain " + instanceId);
        draining.add(instanceId);
    }

    @Override
    public int inFlight(String instanceId) {
        return inFlight.getOrDefault(instanceId, 0);
    }

    @Override
    public void leave(String instanceId) {
        events.add("leave " + instanceId);
        members.remove(instanceId);
        draining.remove(instanceId);
    }

    @Override
    public boolean healthy(String instanceId) {
        return !unhealthy.contains(instanceId);
    }

    /** Every call so far, e.g. {@code join shop-1 127.0.0.1:41234}, {@code drain shop-1}, {@code leave shop-1}. */
    List<String> events() {
        return List.copyOf(events);
    }

    /** The members and their addresses. */
    Map<String, String> members() {
        return Map.copyOf(members);
    }

    void setInFlight(String instanceId, int count) {
        inFlight.put(instanceId, count);
    }

    void setHealthy(String instanceId, boolean healthy) {
        if (healthy) {
            unhealthy.remove(instanceId);
        } else {
            unhealthy.add(instanceId);
        }
    }
}
