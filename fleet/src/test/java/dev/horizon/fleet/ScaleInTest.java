package dev.horizon.fleet;

import static dev.horizon.fleet.InstanceState.IN_SERVICE;
import static dev.horizon.fleet.InstanceState.PENDING;
import static dev.horizon.fleet.InstanceState.STARTING;
import static dev.horizon.fleet.InstanceState.WARMING;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ScaleInTest {

    private static ScaleIn.Candidate c(int n, InstanceState state, int inFlight) {
        return new ScaleIn.Candidate("shop-" + n, n, state, inFlight);
    }

    private static List<String> victims(int count, ScaleIn.Candidate... active) {
        return ScaleIn.victims(List.of(active), count).stream().map(ScaleIn.Candidate::id).toList();
    }

    @Test
    void stopsInstancesNotYetInServiceFirstNewestFirst() {
        assertThat(victims(5,
            c(1, IN_SERVICE, 0), c(2, WARMING, 9), c(3, STARTING, 0), c(4, IN_SERVICE, 0), c(5, PENDING, 0)))
            .containsExactly("shop-5", "shop-3", "shop-2", "shop-4", "shop-1");
    }

    @Test
    void thenInstancesInServiceWithTheFewestRequestsInFlight() {
        assertThat(victims(3, c(1, IN_SERVICE, 7), c(2, IN_SERVICE, 2), c(3, IN_SERVICE, 5), c(4, IN_SERVICE, 3)))
            .containsExactly("shop-2", "shop-4", "shop-3");
    }

    @Test
    void tiesGoToTheNewest() {
        assertThat(victims(2, c(1, IN_SERVICE, 1), c(2, IN_SERVICE, 1), c(3, IN_SERVICE, 1)))
            .containsExactly("shop-3", "shop-2");
    }

    @Test
    void stopsNothingWhenNoneIsAsked() {
        assertThat(victims(0, c(1, IN_SERVICE, 1))).isEmpty();
        assertThat(victims(-1, c(1, IN_SERVICE, 1))).isEmpty();
    }

    @Test
    void agreesWithAReferenceModelOnRandomFleets() {
        SplittableRandom random = new SplittableRandom(7);
        InstanceState[] states = {PENDING, STARTING, WARMING, IN_SERVICE};
        for (int round = 0; round < 1000; round++) {
            List<ScaleIn.Candidate> active = new ArrayList<>();
            int size = random.nextInt(1, 12);
            for (int n = 1; n <= size; n++) {
                active.add(c(n, states[random.nextInt(states.length)], random.nextInt(4)));
            }
            int count = random.nextInt(0, size + 1);

            List<ScaleIn.Candidate> expected = new ArrayList<>();
            List<ScaleIn.Candidate> notServing = new ArrayList<>(active.stream()
                .filter(a -> a.state() != IN_SERVICE).toList());
            notServing.sort(Comparator.comparingLong(ScaleIn.Candidate::sequence).reversed());
            expected.addAll(notServing);
            List<ScaleIn.Candidate> serving = new ArrayList<>(active.stream()
                .filter(a -> a.state() == IN_SERVICE).toList());
            while (!serving.isEmpty()) {
                ScaleIn.Candidate best = serving.getFirst();
                for (ScaleIn.Candidate s : serving) {
                    if (s.inFlight() < best.inFlight()
                        || (s.inFlight() == best.inFlight() && s.sequence() > best.sequence())) {
                        best = s;
                    }
                }
                expected.add(best);
                serving.remove(best);
            }

            assertThat(ScaleIn.victims(active, count)).as("round %d", round)
                .containsExactlyElementsOf(expected.subList(0, count));
        }
    }
}
