package dev.horizon.showcase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** Each kind of request's mean and spread, from its count, its total and its squares' total. */
class LoadWindowTest {

    @Test
    void aKindsSpreadIsItsSampleStandardDeviationOverItsMean() {
        // 2, 4 and 6 ms: mean 4, sample variance (4 + 0 + 4) / 2 = 4, so a standard deviation of 2 and a cv of 0.5
        LoadWindow.RequestTimes t = LoadWindow.RequestTimes.of(3, 12, 4 + 16 + 36);
        assertThat(t.count()).isEqualTo(3);
        assertThat(t.meanMillis()).isEqualTo(4);
        assertThat(t.cv()).isCloseTo(0.5, within(1e-12));
    }

    @Test
    void oneAnswerOrEqualOnesHaveNoSpread() {
        assertThat(LoadWindow.RequestTimes.of(1, 7, 49).cv()).isZero();
        // a squares' total under count × mean² (rounding can put it there) is no spread, not a negative variance
        assertThat(LoadWindow.RequestTimes.of(3, 0.3, 0.029).cv()).isZero();
        assertThat(LoadWindow.RequestTimes.of(0, 0, 0).cv()).isZero();
    }
}
