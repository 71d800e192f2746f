package dev.horizon.fleet;

import java.util.Comparator;
import java.util.List;

/**
 * Which instances a scale-in stops, in order: first those that serve nobody yet ({@code PENDING}, {@code STARTING},
 * {@code WARMING}; the newest first, as the least invested in), then those in service with the fewest requests in
 * flight (the cheapest to drain), ties to the newest (the oldest have proven themselves and are warmest).
 */
final class ScaleIn {

    /**
     * One instance as the choice sees it.
     *
     * @param id       the instance id
     * @param sequence creation order, larger is newer
     * @param state    its state (one of the active states)
     * @param inFlight its requests in flight
     */
    record Candidate(String id, long sequence, InstanceState state, int inFlight) {
    }

    private static final Comparator<Candidate> ORDER = Comparator
        .comparing((Candidate c) -> c.state() == InstanceState.IN_SERVICE)
        .thenComparingInt(c -> c.state() == InstanceState.IN_SERVICE ? c.inFlight() : 0)
        .thenComparing(Comparator.comparingLong(Candidate::sequence).reversed());

    private ScaleIn() {
    }

    /** The {@code count} candidates to stop, in the order they are chosen. */
    static List<Candidate> victims(List<Candidate> active, int count) {
        return active.stream().sorted(ORDER).limit(Math.max(0, count)).toList();
    }
}
