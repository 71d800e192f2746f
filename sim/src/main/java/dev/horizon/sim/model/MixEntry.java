package dev.horizon.sim.model;

import java.util.Objects;

/**
 * One kind of request of the mix a model was profiled on: its share of the requests and the mean time it took alone
 * (at concurrency 1, through the gateway, as the profile measures the service time).
 *
 * @param name          the request, {@code METHOD PATH}, for people
 * @param weight        its share, relative to the other entries' (need not sum to anything)
 * @param serviceTimeMs its mean time at concurrency 1, in milliseconds
 */
public record MixEntry(String name, double weight, double serviceTimeMs) {

    /** @throws IllegalArgumentException when the weight or the time is not a positive finite number */
    public MixEntry {
        Objects.requireNonNull(name, "name");
        if (!(weight > 0) || !Double.isFinite(weight)) {
            throw new IllegalArgumentException("weight: " + weight + " (expected: a number > 0)");
        }
        if (!(serviceTimeMs > 0) || !Double.isFinite(serviceTimeMs)) {
            throw new IllegalArgumentException("service-time-ms: " + serviceTimeMs + " (expected: a number > 0)");
        }
    }
}
