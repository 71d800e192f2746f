package dev.horizon.balance;

import static dev.horizon.balance.OutlierDetector.Outcome.CONNECT_FAILURE;
import static dev.horizon.balance.OutlierDetector.Outcome.GATEWAY_ERROR;
import static dev.horizon.balance.OutlierDetector.Outcome.RESET;
import static dev.horizon.balance.OutlierDetector.Outcome.SERVER_ERROR;
import static dev.horizon.balance.OutlierDetector.Outcome.SUCCESS;
import static dev.horizon.balance.OutlierDetector.Outcome.TIMEOUT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.horizon.balance.OutlierDetector.Outcome;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class OutlierDetectorTest {

    private static final long SECOND = 1_000_000_000L;

    /** The fake monotonic clock; tests move it by hand. */
    private long now = 1_000;

    private static List<String> ids(int n) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ids.add("e" + i);
        }
        return ids;
    }

    private static OutlierDetector detector(OutlierDetection config, int endpoints) {
        OutlierDetector detector = new OutlierDetector(config);
        detector.setEndpoints(ids(endpoints));
        return detector;
    }

    private static OutlierDetector detector(int endpoints) {
        return detector(OutlierDetection.DEFAULTS, endpoints);
    }

    private static OutlierDetection config(int consecutive5xx, int consecutiveGatewayErrors, int maxEjectionPercent,
        boolean alwaysEjectOne, boolean healthCheckUnejects) {
        OutlierDetection d = OutlierDetection.DEFAULTS;
        return new OutlierDetection(consecutive5xx, consecutiveGatewayErrors, d.interval(), d.baseEjection(),
            d.maxEjection(), maxEjectionPercent, alwaysEjectOne, healthCheckUnejects);
    }

    /** Reports {@code n} results and returns what each call returned, as "-" (false) or "E" (ejected). */
    private String report(OutlierDetector detector, String id, Outcome outcome, int n) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < n; i++) {
            out.append(detector.onResult(id, outcome, now) ? "E" : "-");
        }
        return out.toString();
    }

    private long ejectionLength(OutlierDetector detector, String id) {
        OptionalLong until = detector.ejectedUntilNanos(id);
        assertThat(until).isPresent();
        return until.getAsLong() - now;
    }

    @Test
    void defaultsAreEnvoys() {
        OutlierDetection d = OutlierDetection.DEFAULTS;

        assertThat(d).isEqualTo(new OutlierDetection(5, 5, Duration.ofSeconds(10), Duration.ofSeconds(30),
            Duration.ofSeconds(300), 10, true, true));
    }

    @Test
    void ejectsEndpointAfterFiveConsecutive5xx() {
        OutlierDetector detector = detector(10);

        assertThat(report(detector, "e0", SERVER_ERROR, 4)).isEqualTo("----");
        assertThat(detector.isEjected("e0")).isFalse();
        assertThat(report(detector, "e0", SERVER_ERROR, 1)).isEqualTo("E");
        assertThat(detector.isEjected("e0")).isTrue();
        assertThat(detector.ejected()).containsExactly("e0");
        assertThat(detector.timesEjected("e0")).isEqualTo(1);
    }

    @Test
    void successInBetweenRestartsTheStreak() {
        OutlierDetector detector = detector(10);

        assertThat(report(detector, "e0", SERVER_ERROR, 4)).isEqualTo("----");
        assertThat(report(detector, "e0", SUCCESS, 1)).isEqualTo("-");
        assertThat(report(detector, "e0", SERVER_ERROR, 5)).isEqualTo("----E");
    }

    @Test
    void clientErrorsCountAsSuccess() {
        OutlierDetector detector = detector(10);

        assertThat(report(detector, "e0", SERVER_ERROR, 4)).isEqualTo("----");
        assertThat(report(detector, "e0", Outcome.ofStatus(404), 1)).isEqualTo("-");
        assertThat(report(detector, "e0", SERVER_ERROR, 4)).isEqualTo("----");
        assertThat(detector.isEjected("e0")).isFalse();
    }

    @Test
    void streaksAreCountedPerEndpoint() {
        OutlierDetector detector = detector(10);

        assertThat(report(detector, "e0", SERVER_ERROR, 3)).isEqualTo("---");
        assertThat(report(detector, "e1", SERVER_ERROR, 3)).isEqualTo("---");
        assertThat(report(detector, "e0", SERVER_ERROR, 2)).isEqualTo("-E");
        assertThat(detector.ejected()).containsExactly("e0");
    }

    @Test
    void connectFailuresTimeoutsResetsAndGatewayErrorsAllCountAs5xx() {
        OutlierDetector detector = detector(10);

        for (Outcome outcome : List.of(CONNECT_FAILURE, TIMEOUT, RESET, GATEWAY_ERROR)) {
            assertThat(detector.onResult("e0", outcome, now)).isFalse();
        }
        assertThat(detector.onResult("e0", SERVER_ERROR, now)).isTrue();
    }

    @Test
    void ejectsOnConsecutiveGatewayErrorsBeforeThe5xxThreshold() {
        OutlierDetector detector = detector(config(10, 3, 10, true, true), 10);

        assertThat(report(detector, "e0", GATEWAY_ERROR, 2)).isEqualTo("--");
        assertThat(report(detector, "e0", TIMEOUT, 1)).isEqualTo("E");
    }

    @Test
    void nonGateway5xxEndsTheGatewayErrorStreakButNotThe5xxStreak() {
        OutlierDetector detector = detector(config(6, 3, 10, true, true), 10);

        assertThat(report(detector, "e0", GATEWAY_ERROR, 2)).isEqualTo("--");
        assertThat(report(detector, "e0", SERVER_ERROR, 1)).isEqualTo("-");
        assertThat(report(detector, "e0", CONNECT_FAILURE, 2)).isEqualTo("--");
        // gateway streak 2, 5xx streak 5; the next gateway error completes both
        assertThat(report(detector, "e0", RESET, 1)).isEqualTo("E");
    }

    @Test
    void mapsHttpStatusesToOutcomes() {
        assertThat(Outcome.ofStatus(100)).isEqualTo(SUCCESS);
        assertThat(Outcome.ofStatus(200)).isEqualTo(SUCCESS);
        assertThat(Outcome.ofStatus(404)).isEqualTo(SUCCESS);
        assertThat(Outcome.ofStatus(499)).isEqualTo(SUCCESS);
        assertThat(Outcome.ofStatus(500)).isEqualTo(SERVER_ERROR);
        assertThat(Outcome.ofStatus(501)).isEqualTo(SERVER_ERROR);
        assertThat(Outcome.ofStatus(502)).isEqualTo(GATEWAY_ERROR);
        assertThat(Outcome.ofStatus(503)).isEqualTo(GATEWAY_ERROR);
        assertThat(Outcome.ofStatus(504)).isEqualTo(GATEWAY_ERROR);
        assertThat(Outcome.ofStatus(505)).isEqualTo(SERVER_ERROR);
        assertThat(Outcome.ofStatus(599)).isEqualTo(SERVER_ERROR);
        assertThatThrownBy(() -> Outcome.ofStatus(600))
            .isInstanceOf(IllegalArgumentException.class).hasMessage("status: 600 (expected: 100..599)");
        assertThatThrownBy(() -> Outcome.ofStatus(99))
            .isInstanceOf(IllegalArgumentException.class).hasMessage("status: 99 (expected: 100..599)");
    }

    @Test
    void classifiesOutcomes() {
        assertThat(SUCCESS.failure()).isFalse();
        assertThat(SUCCESS.gatewayError()).isFalse();
        assertThat(SERVER_ERROR.failure()).isTrue();
        assertThat(SERVER_ERROR.gatewayError()).isFalse();
        for (Outcome o : List.of(GATEWAY_ERROR, CONNECT_FAILURE, TIMEOUT, RESET)) {
            assertThat(o.failure()).isTrue();
            assertThat(o.gatewayError()).isTrue();
        }
    }

    @Test
    void ejectionLengthGrowsByTheBaseAndStopsAtTheMaximum() {
        OutlierDetector detector = detector(10);
        List<Long> seconds = new ArrayList<>();
        List<Long> multipliers = new ArrayList<>();
        for (int i = 0; i < 13; i++) {
            assertThat(report(detector, "e0", SERVER_ERROR, 5)).isEqualTo("----E");
            long length = ejectionLength(detector, "e0");
            assertThat(length % SECOND).isZero();
            seconds.add(length / SECOND);
            multipliers.add(detector.ejectionMultiplier("e0", now));
            now += length;
            assertThat(detector.refresh(now)).containsExactly("e0");
        }

        assertThat(seconds).containsExactly(30L, 60L, 90L, 120L, 150L, 180L, 210L, 240L, 270L, 300L, 300L, 300L, 300L);
        // Envoy grows the multiplier while multiplier × base < max + base: it stops at 11, one step above the cap.
        assertThat(multipliers).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L, 11L, 11L, 11L);
        assertThat(detector.timesEjected("e0")).isEqualTo(13);
    }

    @Test
    void ejectionLengthIsExactInNanoseconds() {
        OutlierDetection d = OutlierDetection.DEFAULTS;
        OutlierDetection config = new OutlierDetection(5, 5, d.interval(), Duration.ofNanos(7), Duration.ofNanos(20),
            10, true, true);
        OutlierDetector detector = detector(config, 10);
        List<Long> lengths = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            report(detector, "e0", SERVER_ERROR, 5);
            long length = ejectionLength(detector, "e0");
            lengths.add(length);
            now += length;
            detector.refresh(now);
        }

        assertThat(lengths).containsExactly(7L, 14L, 20L, 20L, 20L);
        assertThat(detector.ejectionMultiplier("e0", now)).isEqualTo(4); // ceil(20 / 7) + 1
    }

    @Test
    void unejectsExactlyAtExpiryAndNotANanosecondBefore() {
        OutlierDetector detector = detector(10);
        long ejectedAt = now;
        report(detector, "e0", SERVER_ERROR, 5);

        assertThat(detector.ejectedUntilNanos("e0")).hasValue(ejectedAt + 30 * SECOND);
        assertThat(detector.refresh(ejectedAt + 30 * SECOND - 1)).isEmpty();
        assertThat(detector.isEjected("e0")).isTrue();
        assertThat(detector.refresh(ejectedAt + 30 * SECOND)).containsExactly("e0");
        assertThat(detector.isEjected("e0")).isFalse();
        assertThat(detector.ejected()).isEmpty();
        assertThat(detector.ejectedUntilNanos("e0")).isEmpty();
        assertThat(detector.refresh(ejectedAt + 31 * SECOND)).isEmpty();
    }

    @Test
    void refreshReturnsEveryExpiredEndpointInEndpointOrder() {
        OutlierDetector detector = detector(30);
        report(detector, "e2", SERVER_ERROR, 5);
        report(detector, "e1", SERVER_ERROR, 5);
        now += SECOND;
        report(detector, "e0", SERVER_ERROR, 5);

        assertThat(detector.ejected()).containsExactly("e0", "e1", "e2");
        assertThat(detector.refresh(now + 29 * SECOND)).containsExactly("e1", "e2");
        assertThat(detector.refresh(now + 30 * SECOND)).containsExactly("e0");
    }

    @Test
    void resultsWhileEjectedNeitherEjectAgainNorCarryOver() {
        OutlierDetector detector = detector(10);
        report(detector, "e0", SERVER_ERROR, 5);

        assertThat(report(detector, "e0", SERVER_ERROR, 12)).isEqualTo("------------");
        assertThat(detector.timesEjected("e0")).isEqualTo(1);
        now += 30 * SECOND;
        detector.refresh(now);
        assertThat(report(detector, "e0", SERVER_ERROR, 5)).isEqualTo("----E");
    }

    @Test
    void passingHealthCheckUnejectsAndRestartsTheStreaks() {
        OutlierDetector detector = detector(config(5, 3, 10, true, true), 10);
        report(detector, "e0", SERVER_ERROR, 5);
        report(detector, "e0", GATEWAY_ERROR, 2); // counted while ejected, forgotten at un-ejection

        assertThat(detector.healthCheckPassed("e0", now + SECOND)).isTrue();
        assertThat(detector.isEjected("e0")).isFalse();
        assertThat(detector.healthCheckPassed("e0", now + 2 * SECOND)).isFalse();
        assertThat(report(detector, "e0", GATEWAY_ERROR, 3)).isEqualTo("--E");
    }

    @Test
    void passingHealthCheckDoesNothingWhenDisabledOrNotEjected() {
        OutlierDetector disabled = detector(config(5, 5, 10, true, false), 10);
        report(disabled, "e0", SERVER_ERROR, 5);

        assertThat(disabled.healthCheckPassed("e0", now)).isFalse();
        assertThat(disabled.isEjected("e0")).isTrue();

        OutlierDetector enabled = detector(10);
        report(enabled, "e1", SERVER_ERROR, 4);

        assertThat(enabled.healthCheckPassed("e1", now)).isFalse();
        assertThat(enabled.healthCheckPassed("nope", now)).isFalse();
        assertThat(report(enabled, "e1", SERVER_ERROR, 1)).isEqualTo("E"); // the streak was not touched
    }

    @Test
    void ejectsAtMostTenPercentOfTenEndpoints() {
        OutlierDetector detector = detector(10);

        assertThat(report(detector, "e0", SERVER_ERROR, 5)).isEqualTo("----E");
        assertThat(report(detector, "e1", SERVER_ERROR, 5)).isEqualTo("-----");
        assertThat(detector.ejected()).containsExactly("e0");
    }

    @Test
    void ejectsAtMostTenPercentOfThirtyEndpoints() {
        OutlierDetector detector = detector(30);

        for (String id : List.of("e0", "e1", "e2")) {
            assertThat(report(detector, id, SERVER_ERROR, 5)).isEqualTo("----E");
        }
        assertThat(report(detector, "e3", SERVER_ERROR, 5)).isEqualTo("-----");
        assertThat(detector.ejected()).containsExactly("e0", "e1", "e2");
    }

    @Test
    void refusedEjectionEndsTheStreakSoTheEndpointNeedsAnotherFullOne() {
        OutlierDetector detector = detector(10);
        report(detector, "e0", SERVER_ERROR, 5);
        assertThat(report(detector, "e1", SERVER_ERROR, 5)).isEqualTo("-----");
        now += 30 * SECOND;
        detector.refresh(now);

        assertThat(report(detector, "e1", SERVER_ERROR, 5)).isEqualTo("----E");
    }

    @Test
    void oneEndpointOfASmallPoolMayAlwaysBeEjected() {
        for (int size : List.of(1, 2, 3, 9)) {
            OutlierDetector detector = detector(size);
            for (String id : ids(size)) {
                report(detector, id, SERVER_ERROR, 5);
            }
            assertThat(detector.ejected()).as("pool of %d", size).containsExactly("e0");
        }
    }

    @Test
    void withoutAlwaysEjectOneASmallPoolEjectsNothingAsInEnvoy() {
        OutlierDetection envoy = config(5, 5, 10, false, true);
        OutlierDetector two = detector(envoy, 2);
        OutlierDetector eleven = detector(envoy, 11);
        for (String id : ids(2)) {
            report(two, id, SERVER_ERROR, 5);
        }
        for (String id : ids(11)) {
            report(eleven, id, SERVER_ERROR, 5);
        }

        assertThat(two.ejected()).isEmpty(); // 100 × 1 / 2 = 50 % > 10 %
        assertThat(eleven.ejected()).containsExactly("e0"); // 9.1 % <= 10 %, then 18.2 % > 10 %
    }

    @Test
    void maxEjectionPercentOfAHundredEjectsEveryEndpoint() {
        OutlierDetector detector = detector(config(5, 5, 100, false, true), 3);
        for (String id : ids(3)) {
            report(detector, id, SERVER_ERROR, 5);
        }

        assertThat(detector.ejected()).containsExactly("e0", "e1", "e2");
    }

    @Test
    void multiplierDropsByOneForEachFullIntervalInService() {
        OutlierDetector detector = detector(10);
        for (int i = 0; i < 3; i++) {
            report(detector, "e0", SERVER_ERROR, 5);
            now = detector.ejectedUntilNanos("e0").orElseThrow();
            detector.refresh(now);
        }
        long back = now; // ejected for 30 + 60 + 90 s

        assertThat(detector.ejectionMultiplier("e0", back)).isEqualTo(3);
        assertThat(detector.ejectionMultiplier("e0", back + 10 * SECOND - 1)).isEqualTo(3);
        assertThat(detector.ejectionMultiplier("e0", back + 10 * SECOND)).isEqualTo(2);
        assertThat(detector.ejectionMultiplier("e0", back + 20 * SECOND)).isEqualTo(1);
        assertThat(detector.ejectionMultiplier("e0", back + 30 * SECOND)).isZero();
        assertThat(detector.ejectionMultiplier("e0", back + 3_600 * SECOND)).isZero();

        now = back + 15 * SECOND; // multiplier 2 by now, so the next ejection is the third: 90 s
        report(detector, "e0", SERVER_ERROR, 5);
        assertThat(ejectionLength(detector, "e0")).isEqualTo(90 * SECOND);
        assertThat(detector.ejectionMultiplier("e0", now + 80 * SECOND)).isEqualTo(3); // no decay while ejected
    }

    @Test
    void multiplierDecaysFromTheExpiryEvenWhenRefreshRunsLate() {
        OutlierDetector detector = detector(10);
        long ejectedAt = now;
        report(detector, "e0", SERVER_ERROR, 5);

        assertThat(detector.refresh(ejectedAt + 45 * SECOND)).containsExactly("e0");
        assertThat(detector.ejectionMultiplier("e0", ejectedAt + 40 * SECOND - 1)).isEqualTo(1);
        assertThat(detector.ejectionMultiplier("e0", ejectedAt + 40 * SECOND)).isZero();
    }

    @Test
    void multiplierDecaysFromAHealthCheckUnejection() {
        OutlierDetector detector = detector(10);
        report(detector, "e0", SERVER_ERROR, 5);
        detector.healthCheckPassed("e0", now + 3 * SECOND);

        assertThat(detector.ejectionMultiplier("e0", now + 13 * SECOND - 1)).isEqualTo(1);
        assertThat(detector.ejectionMultiplier("e0", now + 13 * SECOND)).isZero();
    }

    @Test
    void removedEndpointsAreForgottenAndKeptOnesKeepTheirState() {
        OutlierDetector detector = detector(10);
        report(detector, "e0", SERVER_ERROR, 5);
        report(detector, "e1", SERVER_ERROR, 4);

        detector.setEndpoints(List.of("e1", "e2", "e3", "e4", "e5", "e6", "e7", "e8", "e9", "e10"));

        assertThat(detector.isEjected("e0")).isFalse();
        assertThat(detector.timesEjected("e0")).isZero();
        assertThat(detector.ejected()).isEmpty();
        assertThat(detector.refresh(now + 300 * SECOND)).isEmpty();
        assertThat(detector.onResult("e0", SERVER_ERROR, now)).isFalse();
        // e1 kept its streak of 4, and with e0 gone the cap allows an ejection again
        assertThat(report(detector, "e1", SERVER_ERROR, 1)).isEqualTo("E");

        detector.setEndpoints(ids(10));
        assertThat(detector.timesEjected("e0")).isZero();
        assertThat(detector.ejectionMultiplier("e0", now)).isZero();
        assertThat(detector.ejected()).containsExactly("e1");
    }

    @Test
    void ignoresResultsForUnknownEndpoints() {
        OutlierDetector detector = detector(10);

        assertThat(report(detector, "stranger", SERVER_ERROR, 10)).isEqualTo("----------");
        assertThat(detector.isEjected("stranger")).isFalse();
        assertThat(detector.timesEjected("stranger")).isZero();
        assertThat(detector.ejectedUntilNanos("stranger")).isEmpty();
    }

    @Test
    void shrinkingThePoolKeepsEjectionsAndTheCapCountsCurrentEndpoints() {
        OutlierDetector detector = detector(20);
        report(detector, "e0", SERVER_ERROR, 5);
        report(detector, "e1", SERVER_ERROR, 5);
        detector.setEndpoints(ids(10));

        assertThat(detector.ejected()).containsExactly("e0", "e1"); // shrinking does not un-eject
        assertThat(report(detector, "e2", SERVER_ERROR, 5)).isEqualTo("-----");
    }

    @Test
    void envoysDefaultMaxEjectionIsTheLargerOfThreeHundredSecondsAndTheBase() {
        assertThat(OutlierDetection.defaultMaxEjection(Duration.ofSeconds(30))).isEqualTo(Duration.ofSeconds(300));
        assertThat(OutlierDetection.defaultMaxEjection(Duration.ofSeconds(600))).isEqualTo(Duration.ofSeconds(600));
    }

    @Test
    void rejectsBadConfigurationWithPreciseMessages() {
        Duration s10 = Duration.ofSeconds(10);
        Duration s30 = Duration.ofSeconds(30);
        Duration s300 = Duration.ofSeconds(300);
        assertThatThrownBy(() -> new OutlierDetection(0, 5, s10, s30, s300, 10, true, true))
            .isInstanceOf(IllegalArgumentException.class).hasMessage("consecutive-5xx: 0 (expected: >= 1)");
        assertThatThrownBy(() -> new OutlierDetection(5, 0, s10, s30, s300, 10, true, true))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessage("consecutive-gateway-errors: 0 (expected: >= 1)");
        assertThatThrownBy(() -> new OutlierDetection(5, 5, Duration.ZERO, s30, s300, 10, true, true))
            .isInstanceOf(IllegalArgumentException.class).hasMessage("interval: 0s (expected: > 0)");
        assertThatThrownBy(() -> new OutlierDetection(5, 5, s10, Duration.ofSeconds(-30), s300, 10, true, true))
            .isInstanceOf(IllegalArgumentException.class).hasMessage("base-ejection: -30s (expected: > 0)");
        assertThatThrownBy(() -> new OutlierDetection(5, 5, s10, s30, s10, 10, true, true))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessage("max-ejection: 10s (expected: >= base-ejection 30s)");
        assertThatThrownBy(() -> new OutlierDetection(5, 5, s10, s30, s300, 101, true, true))
            .isInstanceOf(IllegalArgumentException.class).hasMessage("max-ejection-percent: 101 (expected: 0..100)");
        assertThatThrownBy(() -> new OutlierDetection(5, 5, s10, s30, s300, -1, true, true))
            .isInstanceOf(IllegalArgumentException.class).hasMessage("max-ejection-percent: -1 (expected: 0..100)");
    }
}
