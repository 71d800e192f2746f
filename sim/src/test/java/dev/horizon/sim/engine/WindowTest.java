package dev.horizon.sim.engine;

import static dev.horizon.sim.engine.QueueingTest.steady;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.horizon.autoscale.ScalingPolicy;
import dev.horizon.sim.model.CapacityModel;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A window's latencies are those of the requests that ended in it, counted as the timeline counts them. */
class WindowTest {

    private static Simulation.Result run(Window... windows) {
        Scenario.Builder b = Scenario.builder(steady(50, 120), CapacityModel.assumed("shop", 10),
            ScalingPolicy.of(2, 2)).seed(3);
        for (Window w : windows) {
            b.window(w);
        }
        return Simulation.run(b.build());
    }

    @Test
    void aWindowCountsTheRequestsServedInItsSeconds() {
        Simulation.Result r = run(new Window("first", 0, 60), new Window("middle", 30, 90), new Window("all", 0, 120));
        List<Summary.WindowLatency> w = r.summary().windows();
        assertThat(w).extracting(x -> x.window().name()).containsExactly("first", "middle", "all");
        assertThat(w.get(0).served()).isEqualTo(servedIn(r.timeline(), 0, 60));
        assertThat(w.get(1).served()).isEqualTo(servedIn(r.timeline(), 30, 90));
        // the whole run's window is the summary's own latencies, bucket for bucket
        assertThat(w.get(2).served()).isEqualTo(r.summary().served());
        assertThat(w.get(2).p95Ms()).isEqualTo(r.summary().p95Ms());
        assertThat(w.get(2).p50Ms()).isEqualTo(r.summary().p50Ms());
        assertThat(w.get(2).shed()).isZero();
        assertThat(r.summary().toJson()).contains("\"name\" : \"middle\"", "\"start-seconds\" : 30.0",
            "\"end-seconds\" : 90.0");
    }

    @Test
    void aWindowWithNothingInItHasNoLatencies() {
        Summary.WindowLatency w = run(new Window("after", 500, 600)).summary().windows().getFirst();
        assertThat(w.served()).isZero();
        assertThat(w.p95Ms()).isNaN();
    }

    @Test
    void badWindowsAreRefused() {
        assertThatThrownBy(() -> new Window(" ", 0, 1)).hasMessage("window: a name is required");
        assertThatThrownBy(() -> new Window("spike", 63, 36))
            .hasMessage("window spike: 63.0s..36.0s (expected: 0 <= start < end)");
    }

    private static long servedIn(Timeline t, int from, int to) {
        long n = 0;
        for (int s = from; s < to; s++) {
            n += t.row(s).served();
        }
        return n;
    }
}
