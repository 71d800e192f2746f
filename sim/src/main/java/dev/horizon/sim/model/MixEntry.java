package dev.horizon.sim.model;

import java.util.Objects;

/**
 * One kind of request of the mix a model was profiled on: its share of the requests, the mean time it took alone (at
 * concurrency 1, through the gateway, as the profile measures the service time) and, when recorded, how much that
 * time varied.
 *
 * @param name          the request, {@code METHOD PATH}, for people
 * @param weight        its share, relative to the other entries' (need not sum to anything)
 * @param serviceTimeMs its mean time at concurrency 1, in milliseconds
 * @param cv            the coefficient of variation of that time (its standard deviation over its mean), 0 or more;
 *                      NaN when not recorded (models written before it was): the work is then exponential ({@link
 *                      ServiceMix})
 */
public record MixEntry(String name, double weight, double serviceTimeMs, double cv) {

    /** @throws IllegalArgumentException when the weight or the time is not a positive finite number, or the cv is
     *                                   negative or infinite */
    public MixEntry {
        Objects.requireNonNull(name, "name");
        if (!(weight > 0) || !Double.isFinite(weight)) {
            throw new IllegalArgumentException("weight: " + weight + " (expected: a number > 0)");
        }
        if (!(serviceTimeMs > 0) || !Double.isFinite(serviceTimeMs)) {
            throw new IllegalArgumentException("service-time-ms: " + serviceTimeMs + " (expected: a number > 0)");
        }
        if (!Double.isNaN(cv) && !(cv >= 0 && Double.isFinite(cv))) {
            throw new IllegalArgumentException("cv: " + cv + " (expected: a number >= 0)");
        }
    }

    /** An entry whose spread was not recorded: its work is exponential. */
    public MixEntry(String name, double weight, double serviceTimeMs) {
        this(name, weight, serviceTimeMs, Double.NaN);
    }

    /** Whether its spread was recorded. */
    public boolean hasCv() {
        return !Double.isNaN(cv);
    }
}
