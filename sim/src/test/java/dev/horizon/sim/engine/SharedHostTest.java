package dev.horizon.sim.engine;

import static dev.horizon.sim.engine.QueueingTest.free;
import static dev.horizon.sim.engine.QueueingTest.steady;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.horizon.autoscale.ScalingPolicy;
import dev.horizon.limit.ConcurrencyLimit;
import dev.horizon.sim.model.CapacityModel;
import dev.horizon.sim.model.MmcQueue;
import dev.horizon.sim.model.UniversalScalability;
import dev.horizon.sim.model.SizeCurve;
import dev.horizon.sim.model.ProfilePoint;
import dev.horizon.sizing.Cpu;
import dev.horizon.sizing.Resources;
import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/**
 * Instances sharing one host's CPU ({@link Scenario.Builder#host}): together they never use more than it, a third
 * instance on a host two already fill adds no capacity, and a host with room to spare changes nothing.
 */
class SharedHostTest {

    private static final int SECONDS = 60;

    /** {@code count} instances of 1000m at 10 ms a request (100 req/s each), offered 400 req/s, on {@code host}. */
    private static Timeline saturated(int count, @Nullable Cpu host) {
        Scenario.Builder b = Scenario.builder(steady(400, SECONDS), CapacityModel.assumed("shop", 10),
            ScalingPolicy.of(count, count)).concurrency(8, 100_000).requestTimeout(Duration.ofMinutes(10)).seed(5);
        if (host != null) {
            b.host(HostCpu.of(host));
        }
        return Simulation.run(b.build()).timeline();
    }

    private static long served(Timeline t) {
        long n = 0;
        for (int s = 10; s < SECONDS; s++) {
            n += t.row(s).served();
        }
        return n;
    }

    @Test
    void theFactorIsWhatIsLeftOverWhatIsDemanded() {
        SharedHost host = new SharedHost(HostCpu.of(Cpu.millicores(2000)));
        assertThat(host.factor(0)).isEqualTo(1.0);
        assertThat(host.factor(2000)).isEqualTo(1.0);
        assertThat(host.factor(3000)).isEqualTo(2.0 / 3);
        assertThat(host.factor(8000)).isEqualTo(0.25);
    }

    @Test
    void aThirdInstanceAddsNoCapacityOnAHostTwoAlreadyFill() {
        Cpu two = Cpu.millicores(2000);
        Timeline twoOnTwo = saturated(2, two);
        Timeline threeOnTwo = saturated(3, two);
        Timeline threeApart = saturated(3, null);
        for (int s = 10; s < SECONDS; s++) {
            // every instance busy all second: 2 × 1000m on 2 cores, 3 × 666.7m on 2 cores, 3 × 1000m apart
            assertThat(twoOnTwo.row(s).cpuUtilization()).as("second %d", s).isCloseTo(100, within(1e-9));
            assertThat(threeOnTwo.row(s).cpuUtilization()).as("second %d", s).isCloseTo(200.0 / 3, within(1e-9));
            assertThat(threeApart.row(s).cpuUtilization()).as("second %d", s).isCloseTo(100, within(1e-9));
        }
        // 50 s at 200 req/s on two cores whatever the count; 300 req/s with a core each (±3 %: Poisson work)
        assertThat(served(twoOnTwo)).isCloseTo(10_000L, within(300L));
        assertThat(served(threeOnTwo)).isCloseTo(10_000L, within(300L));
        assertThat(served(threeApart)).isCloseTo(15_000L, within(450L));
    }

    @Test
    void aHostWithRoomToSpareChangesNothing() {
        Timeline apart = saturated(3, null);
        Timeline roomy = saturated(3, Cpu.millicores(3000));
        for (int s = 0; s < SECONDS; s++) {
            assertThat(roomy.row(s)).isEqualTo(apart.row(s));
        }
    }

    @Test
    void aMeasuredDemandIsWhatTheHostShares() {
        // the profile measured 1000m for one request in flight at 100 req/s (a lone request's CPU, where X(1)/X_max
        // of a 1000m size would price 1000m too only at n = 1; here the size is 2000m, pricing 500m): on a host with
        // 500m left the instance gets half of what it demands, M/M/1 at 50/s, as above
        SizeCurve curve = new SizeCurve(Cpu.millicores(2000), new UniversalScalability(1, 0, 100), 10, List.of(
            new ProfilePoint(1, 100, 7, 30, 1000), new ProfilePoint(2, 100, 14, 60, 1000),
            new ProfilePoint(3, 100, 21, 90, 1000), new ProfilePoint(4, 100, 28, 120, 1000),
            new ProfilePoint(5, 100, 35, 150, 1000), new ProfilePoint(6, 100, 42, 180, 1000)));
        Scenario s = Scenario.builder(steady(25, 4 * 3600), new CapacityModel("shop", List.of(curve)),
            ScalingPolicy.of(1, 1)).concurrency(1, 100_000).seed(7).size(new Resources(Cpu.millicores(2000), null))
            .host(HostCpu.of(Cpu.millicores(500))).build();
        assertThat(Simulation.run(s).summary().meanMs()).isCloseTo(40.0, within(40.0 * 0.03));
    }

    @Test
    void theStretchIsMmcsMeanResponseOverItsServiceHeldAboveEightTenths() {
        assertThat(SharedHost.stretch(2, 0)).isEqualTo(1.0);
        // M/M/1: 1 / (1 − ρ)
        assertThat(SharedHost.stretch(1, 0.5)).isCloseTo(2.0, within(1e-12));
        // M/M/2 at ρ = 0.5: C(2, 1) = 1/3, 1 + (1/3) / (2 · 0.5)
        assertThat(SharedHost.stretch(2, 0.5)).isCloseTo(4.0 / 3, within(1e-12));
        // at 0.8: C(2, 1.6) = (1.28 / 0.2) / (1 + 1.6 + 1.28 / 0.2) = 32/45, 1 + (32/45) / 0.4; held above it
        assertThat(SharedHost.stretch(2, 0.8)).isCloseTo(1 + 32.0 / 45 / 0.4, within(1e-12));
        assertThat(SharedHost.stretch(2, 0.95)).isEqualTo(SharedHost.stretch(2, 0.8));
        assertThat(SharedHost.stretch(2, 1.7)).isEqualTo(SharedHost.stretch(2, 0.8));
    }

    @Test
    void aBusyHostsQueueMakesEveryRequestWaitBelowItsCapacity() {
        // one worker at μ = 100/s offered 10/s, its 1000m all left to it by a 2-core machine whose rest takes 1000m:
        // the instance uses 1000m × λ/μ = 100m, so the host is 0.55 busy and M/M/2 makes each request wait
        // C(2, 1.1) / (2 · 0.45) = 0.4337 times its work alone more, 4.34 ms on average, beside the instance's own
        // M/M/1 at μ = 100/s, 1 / (100 − 10) s = 11.1 ms (±3 %: Poisson work, the wait of each second's own load)
        HostCpu host = HostCpu.of(Cpu.millicores(1000));
        double a = 1.1;
        double wait = a * a / 2 / 0.45 / (1 + a + a * a / 2 / 0.45) / 0.9 * 10;
        assertThat(meanAt10PerSecond(host.withContention(Cpu.millicores(2000))))
            .isCloseTo(1000.0 / 90 + wait, within((1000.0 / 90 + wait) * 0.03));
        assertThat(meanAt10PerSecond(host)).isCloseTo(1000.0 / 90, within(1000.0 / 90 * 0.03));
        assertThatThrownBy(() -> host.withContention(Cpu.millicores(900)))
            .hasMessage("host cores: 900m (expected: at least the 1000m left for the instances)");
        assertThatThrownBy(() -> host.withContention(Cpu.millicores(2500)))
            .hasMessage("host cores: 2500m (expected: whole cores, the servers of their queue)");
    }

    @Test
    void theWaitForACoreHoldsTheRequestsPlaceUnderTheConcurrencyLimit() {
        // a limit of 1 with no queue makes the instance an Erlang loss system (M/G/1/1): an arrival is shed while the
        // one admitted request is in flight, B = a / (1 + a) for any holding time, a = λ × its mean. The answer holds
        // the place until it reaches the gateway, its wait for a core included: a = 10/s × 10 ms × stretch(ρ), the
        // host busy with the rest's 1000m and the instance's 1000m × 10/s × (1 − B) / 100/s of its 2000m. B ≈ 0.1243,
        // against 1/11 = 0.0909 were the place freed when the instance's work is done (±3 %: four hours of Poisson)
        double b = 0;
        for (int k = 0; k < 50; k++) {
            double a = 0.1 * SharedHost.stretch(2, (1000 + 100 * (1 - b)) / 2000);
            b = a / (1 + a);
        }
        assertThat(b).isCloseTo(0.1243, within(0.0001));
        Scenario s = Scenario.builder(steady(10, 4 * 3600), free(100), ScalingPolicy.of(1, 1))
            .concurrency(1, 100_000).seed(7).host(HostCpu.of(Cpu.millicores(1000)).withContention(Cpu.millicores(2000)))
            .admissionLimit(AdmissionLimit.of(() -> ConcurrencyLimit.fixed(1))).build();
        Summary summary = Simulation.run(s).summary();
        assertThat((double) summary.shed() / summary.requests()).isCloseTo(b, within(b * 0.03));
    }

    @Test
    void anAnswerThatWouldComeAfterTheRequestTimeoutTimesOutAtTheGateway() {
        // one worker at 100 req/s (exponential work S, mean 10 ms) offered 0.5/s, so it rarely queues, on a 2-core
        // machine whose rest takes 1000m: about half busy, each answer arrives after S × stretch(ρ), about 4/3 S. With
        // a 20 ms timeout the gateway gives up on every request with S × stretch > 20 ms, a share
        // e^(−20 / (10 × stretch)) ≈ 0.2243; the instance alone times out those with S > 20 ms, e^(−2) = 0.1353
        // (±3 %: a day of Poisson)
        double stretch = SharedHost.stretch(2, 0.5025); // the instance's 5m on average beside the rest's 1000m
        double share = Math.exp(-20 / (10 * stretch));
        assertThat(share).isCloseTo(0.2243, within(0.0001));
        Scenario s = Scenario.builder(steady(0.5, 24 * 3600), free(100), ScalingPolicy.of(1, 1))
            .concurrency(1, 100_000).requestTimeout(Duration.ofMillis(20)).seed(7)
            .host(HostCpu.of(Cpu.millicores(1000)).withContention(Cpu.millicores(2000))).build();
        Summary summary = Simulation.run(s).summary();
        assertThat((double) summary.timedOut() / summary.requests()).isCloseTo(share, within(share * 0.03));
        assertThat(summary.served() + summary.timedOut() + summary.unfinished()).isEqualTo(summary.requests());
    }

    private static double meanAt10PerSecond(HostCpu host) {
        Scenario s = Scenario.builder(steady(10, 4 * 3600), free(100), ScalingPolicy.of(1, 1))
            .concurrency(1, 100_000).seed(7).host(host).build();
        return Simulation.run(s).summary().meanMs();
    }

    @Test
    void anInstanceGivenHalfItsCpuIsAQueueAtHalfTheRate() {
        // one worker at μ = 100/s on a host with 500m for it: M/M/1 at μ = 50/s; λ = 25/s gives a 40 ms mean
        Scenario s = Scenario.builder(steady(25, 4 * 3600), free(100), ScalingPolicy.of(1, 1))
            .concurrency(1, 100_000).seed(7).host(HostCpu.of(Cpu.millicores(500))).build();
        Summary summary = Simulation.run(s).summary();
        MmcQueue oracle = new MmcQueue(25, 0.02, 1);
        assertThat(oracle.meanResponseTime()).isCloseTo(0.040, within(1e-12));
        assertThat(summary.meanMs()).isCloseTo(40.0, within(40.0 * 0.03));
        double p95 = oracle.responseTimeQuantile(0.95) * 1000;
        assertThat(summary.p95Ms()).isCloseTo(p95, within(p95 * 0.05));
    }

    @Test
    void anInstanceTakingMoreCpuIsSlowedWhenTheHostIsShortOrItsSizeIsReached() {
        // the profile measured 1000m for one request in service at 100 req/s, the instance is 2000m: K = 2 wants
        // 2000m, within its size; with 1000m left the host gives it half (M/M/1 at μ = 50/s, λ = 25/s: 40 ms), with
        // 2000m left all it wants (μ = 100/s: 1 / 75 s, 13.3 ms). K = 4 wants 4000m: its limit holds it at 2000m
        // however roomy the host, so its requests progress at half their rate (40 ms again)
        assertThat(meanWithCpuFactor(2, 1000)).isCloseTo(40.0, within(40.0 * 0.03));
        assertThat(meanWithCpuFactor(2, 2000)).isCloseTo(1000.0 / 75, within(1000.0 / 75 * 0.03));
        assertThat(meanWithCpuFactor(4, 2000)).isCloseTo(40.0, within(40.0 * 0.03));
        assertThat(new MmcQueue(25, 0.02, 1).meanResponseTime()).isCloseTo(0.040, within(1e-12));
        assertThatThrownBy(() -> HostCpu.of(Cpu.millicores(1000)).withInstanceFactor(0))
            .hasMessage("instance CPU factor: 0.0 (expected: a number > 0)");
    }

    /** The mean latency of one 2000m instance at 25 req/s (four hours) with CPU factor {@code k}, {@code left} free. */
    private static double meanWithCpuFactor(double k, long left) {
        SizeCurve curve = new SizeCurve(Cpu.millicores(2000), new UniversalScalability(1, 0, 100), 10, List.of(
            new ProfilePoint(1, 100, 7, 30, 1000), new ProfilePoint(2, 100, 14, 60, 1000)));
        Scenario s = Scenario.builder(steady(25, 4 * 3600), new CapacityModel("shop", List.of(curve)),
            ScalingPolicy.of(1, 1)).concurrency(1, 100_000).seed(7).size(new Resources(Cpu.millicores(2000), null))
            .host(HostCpu.of(Cpu.millicores(left)).withInstanceFactor(k)).build();
        return Simulation.run(s).summary().meanMs();
    }

    /** Two instances fill a 2-core host; one dies at 20 s and its replacement starts for 5 s (the default timings). */
    private static long servedWhileTheReplacementStarts(@Nullable Cpu startCpu) {
        return served(startCpu, 21, 25);
    }

    private static long served(@Nullable Cpu startCpu, int from, int to) {
        Scenario.Builder b = Scenario.builder(steady(400, SECONDS), CapacityModel.assumed("shop", 10),
            ScalingPolicy.of(2, 2)).concurrency(8, 100_000).requestTimeout(Duration.ofMinutes(10)).seed(5)
            .kill(new Kill(Duration.ofSeconds(20)));
        HostCpu host = HostCpu.of(Cpu.millicores(2000));
        b.host(startCpu == null ? host : host.withStart(startCpu));
        Timeline t = Simulation.run(b.build()).timeline();
        assertThat(t.row(22).starting()).isEqualTo(1);
        long n = 0;
        for (int s = from; s < to; s++) {
            n += t.row(s).served();
        }
        return n;
    }

    @Test
    void aStartingInstanceTakesItsStartCpuFromTheInstanceServing() {
        // the survivor demands its 1000m, the replacement 2000m while it starts: the survivor gets 2000/3000 of its
        // demand, 66.7 req/s instead of 100 (4 s: 267 against 400, ±8 %: Poisson work)
        assertThat(servedWhileTheReplacementStarts(null)).isCloseTo(400L, within(32L));
        assertThat(servedWhileTheReplacementStarts(Cpu.millicores(2000))).isCloseTo(267L, within(22L));
        // a start that fits beside the survivor takes nothing from it
        assertThat(servedWhileTheReplacementStarts(Cpu.millicores(1000))).isCloseTo(400L, within(32L));
        // once it is ready (25 s) the start demand is gone: both instances at 100 req/s, 800 in four seconds
        assertThat(served(Cpu.millicores(2000), 26, 30)).isCloseTo(800L, within(48L));
    }

    @Test
    void theRestOfTheMachineTakesItsCpuPerRequestOffered() {
        HostCpu host = HostCpu.of(Cpu.millicores(2000)).withPerRequest(Duration.ofNanos(1_500_000));
        assertThat(host.millicoresAt(0)).isEqualTo(2000.0);
        assertThat(host.millicoresAt(100)).isCloseTo(1850.0, within(1e-9));
        assertThat(host.millicoresAt(1000)).isCloseTo(500.0, within(1e-9));
        // never less than a tenth of what is left idle: the instances' threads keep a share
        assertThat(host.millicoresAt(10_000)).isEqualTo(200.0);
        assertThat(HostCpu.of(Cpu.millicores(2000)).millicoresAt(10_000)).isEqualTo(2000.0);
        assertThatThrownBy(() -> host.withPerRequest(Duration.ofMillis(-1)))
            .hasMessage("host CPU per request: -1ms (expected: 0s or more)");
    }

    @Test
    void aBusierSecondLeavesTheInstancesLess() {
        // two instances of 1000m at 10 ms a request on a 2-core host; the rest spends 2.5 ms per request offered:
        // at 400 req/s it takes 1000m and the two serve 100 req/s in all — the trace's rate, not what they serve
        Scenario.Builder b = Scenario.builder(steady(400, SECONDS), CapacityModel.assumed("shop", 10),
            ScalingPolicy.of(2, 2)).concurrency(8, 100_000).requestTimeout(Duration.ofMinutes(10)).seed(5)
            .host(HostCpu.of(Cpu.millicores(2000)).withPerRequest(Duration.ofNanos(2_500_000)));
        Timeline t = Simulation.run(b.build()).timeline();
        for (int s = 10; s < SECONDS; s++) {
            assertThat(t.row(s).cpuUtilization()).as("second %d", s).isCloseTo(50, within(1e-9));
        }
        // 50 s at 100 req/s (±5 %: Poisson work)
        assertThat(served(t)).isCloseTo(5000L, within(250L));
    }
}
