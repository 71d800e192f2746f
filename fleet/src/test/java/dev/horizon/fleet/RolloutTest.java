package dev.horizon.fleet;

import static dev.horizon.fleet.InstanceState.DRAINING;
import static dev.horizon.fleet.InstanceState.IN_SERVICE;
import static dev.horizon.fleet.InstanceState.STARTING;
import static dev.horizon.fleet.InstanceState.WARMING;
import static org.assertj.core.api.Assertions.assertThat;

import dev.horizon.sizing.Resources;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The rolling replacement as a machine: the states of the instances in, the instance to stop out. */
class RolloutTest {

    private static final Resources NEW = Resources.of("500m", "256Mi");

    private final Map<String, InstanceState> live = new LinkedHashMap<>(Map.of("shop-1", IN_SERVICE,
        "shop-2", IN_SERVICE));
    private final Rollout rollout = new Rollout("resize", Rollout.Mode.SURGE_FIRST, NEW,
        List.of("shop-1", "shop-2"), null);

    @Test
    void surgesFirstAndStopsAnOldInstanceOnlyOnceTheNewOneIsInService() {
        assertThat(rollout.offset()).isOne();
        assertThat(rollout.wantsNew()).isTrue();
        rollout.claim("shop-3");
        live.put("shop-3", STARTING);
        assertThat(rollout.next(live)).isNull();
        live.put("shop-3", WARMING);
        assertThat(rollout.next(live)).isNull();
        assertThat(rollout.describe())
            .isEqualTo("replacing for resize 1/2: shop-3 starting at cpu 500m, memory 256Mi for shop-1");
        assertThat(rollout.detail("shop-3")).isEqualTo("replacing shop-1 for resize 1/2");
        assertThat(rollout.detail("shop-2")).isEqualTo("to be replaced for resize");

        live.put("shop-3", IN_SERVICE);
        assertThat(rollout.next(live)).isEqualTo("shop-1");
        assertThat(rollout.replacedReason()).isEqualTo("replaced for resize 1/2 by shop-3");
        live.put("shop-1", DRAINING);

        assertThat(rollout.wantsNew()).isTrue();
        rollout.claim("shop-4");
        live.put("shop-4", IN_SERVICE);
        assertThat(rollout.next(live)).isEqualTo("shop-2");
        assertThat(rollout.finished()).isTrue();
        assertThat(rollout.offset()).isZero();
        assertThat(rollout.summary()).isEqualTo("resize done: 2 instances replaced at cpu 500m, memory 256Mi");
    }

    @Test
    void dropsAnOldInstanceThatEndedMeanwhile() {
        rollout.claim("shop-3");
        live.put("shop-3", IN_SERVICE);
        live.remove("shop-1");

        assertThat(rollout.next(live)).isEqualTo("shop-2");
        assertThat(rollout.replacedReason()).isEqualTo("replaced for resize 1/1 by shop-3");
        assertThat(rollout.finished()).isTrue();
    }

    @Test
    void givesUpAfterThreeNewInstancesFailInARow() {
        for (int n = 3; n <= 5; n++) {
            assertThat(rollout.wantsNew()).isTrue();
            rollout.claim("shop-" + n);
            assertThat(rollout.next(live)).isNull(); // shop-n is not live: it failed
        }

        assertThat(rollout.finished()).isTrue();
        assertThat(rollout.wantsNew()).isFalse();
        assertThat(rollout.summary()).isEqualTo("resize stopped: 3 new instances in a row failed to start at"
            + " cpu 500m, memory 256Mi; shop-1, shop-2 keep their size");
    }

    @Test
    void endsWhenTheLastOldInstanceGoesBeforeItsTurnAndFreesItsNewInstance() {
        rollout.claim("shop-3");
        live.put("shop-3", IN_SERVICE);
        assertThat(rollout.next(live)).isEqualTo("shop-1");
        rollout.claim("shop-4");
        live.put("shop-4", STARTING);
        live.remove("shop-2"); // drained, crashed or scaled in while shop-4 starts

        assertThat(rollout.next(live)).isNull();

        assertThat(rollout.finished()).isTrue();
        assertThat(rollout.offset()).isZero();
        assertThat(rollout.isNew("shop-4")).isFalse();
        assertThat(rollout.summary()).isEqualTo("resize done: 1 instance replaced at cpu 500m, memory 256Mi; 1 ended"
            + " before its turn");
    }

    @Test
    void endsWhenEveryOldInstanceGoesWhileTheFirstNewOneStarts() {
        rollout.claim("shop-3");
        live.put("shop-3", STARTING);
        live.remove("shop-1");
        live.remove("shop-2");

        assertThat(rollout.next(live)).isNull();

        assertThat(rollout.finished()).isTrue();
        assertThat(rollout.newInstance()).isNull();
        assertThat(rollout.summary()).isEqualTo("resize done: 0 instances replaced at cpu 500m, memory 256Mi; 2 ended"
            + " before their turn");
    }

    private final Rollout restart = new Rollout("resize", Rollout.Mode.STOP_FIRST, NEW, List.of("shop-1", "shop-2"),
        null);

    @Test
    void stoppingFirstStopsAnOldInstanceThenStartsOneInItsPlaceAndTheNextOnlyOnceThatOneIsInService() {
        assertThat(restart.wantsNew()).isFalse();
        assertThat(restart.next(live)).isEqualTo("shop-1");
        assertThat(restart.replacedReason()).isEqualTo("stopped for resize 1/2, to be replaced at cpu 500m, memory"
            + " 256Mi");
        live.put("shop-1", DRAINING);
        assertThat(restart.next(live)).isNull();
        assertThat(restart.offset()).isEqualTo(-1);
        assertThat(restart.wantsNew()).isFalse();
        assertThat(restart.describe()).isEqualTo("replacing for resize 1/2: shop-1 stopping, to be replaced at cpu"
            + " 500m, memory 256Mi");

        live.remove("shop-1");
        assertThat(restart.next(live)).isNull();
        assertThat(restart.offset()).isZero();
        assertThat(restart.wantsNew()).isTrue();
        restart.claim("shop-3");
        live.put("shop-3", WARMING);
        assertThat(restart.next(live)).isNull();
        assertThat(restart.describe()).isEqualTo("replacing for resize 1/2: shop-3 starting at cpu 500m, memory 256Mi"
            + " for shop-1");
        assertThat(restart.detail("shop-3")).isEqualTo("replacing shop-1 for resize 1/2");
        assertThat(restart.detail("shop-2")).isEqualTo("to be replaced for resize");

        live.put("shop-3", IN_SERVICE);
        assertThat(restart.next(live)).isEqualTo("shop-2");
        assertThat(restart.replacedReason()).isEqualTo("stopped for resize 2/2, to be replaced at cpu 500m, memory"
            + " 256Mi");
        live.put("shop-2", DRAINING);
        assertThat(restart.next(live)).isNull();
        live.remove("shop-2");
        assertThat(restart.next(live)).isNull();
        restart.claim("shop-4");
        live.put("shop-4", IN_SERVICE);
        assertThat(restart.next(live)).isNull();
        assertThat(restart.finished()).isTrue();
        assertThat(restart.offset()).isZero();
        assertThat(restart.summary()).isEqualTo("resize done: 2 instances stopped and restarted at cpu 500m, memory"
            + " 256Mi");
    }

    @Test
    void stoppingFirstGivesUpAfterThreeFailuresAndLeavesThePlaceToTheDesiredCount() {
        assertThat(restart.next(live)).isEqualTo("shop-1");
        live.remove("shop-1");
        for (int n = 3; n <= 5; n++) {
            assertThat(restart.next(live)).isNull();
            assertThat(restart.wantsNew()).isTrue();
            restart.claim("shop-" + n); // shop-n is never live: it failed
        }

        assertThat(restart.next(live)).isNull();

        assertThat(restart.finished()).isTrue();
        assertThat(restart.wantsNew()).isFalse();
        assertThat(restart.offset()).isZero();
        assertThat(restart.summary()).isEqualTo("resize stopped: 3 new instances in a row failed to start at cpu 500m,"
            + " memory 256Mi; shop-2 keep their size; the fleet relaunches in shop-1's place with its crash-loop"
            + " backoff");
    }

    @Test
    void stoppingFirstFillsAPlaceItTookOverBeforeStoppingAnother() {
        Rollout next = new Rollout("resize", Rollout.Mode.STOP_FIRST, NEW, List.of("shop-2"), "shop-1");
        live.put("shop-1", DRAINING);

        assertThat(next.next(live)).isNull();
        assertThat(next.offset()).isEqualTo(-1);
        live.remove("shop-1");
        assertThat(next.next(live)).isNull();
        assertThat(next.wantsNew()).isTrue();
        next.claim("shop-4");
        live.put("shop-4", IN_SERVICE);

        assertThat(next.next(live)).isEqualTo("shop-2");
        assertThat(next.replacedReason()).isEqualTo("stopped for resize 2/2, to be replaced at cpu 500m, memory 256Mi");
    }

    @Test
    void stoppingFirstEndsWithThePlaceFilledWhenTheLastOldInstanceGoesBeforeItsTurn() {
        assertThat(restart.next(live)).isEqualTo("shop-1");
        live.remove("shop-1");
        assertThat(restart.next(live)).isNull();
        restart.claim("shop-3");
        live.put("shop-3", STARTING);
        live.remove("shop-2"); // drained, crashed or scaled in while shop-3 starts

        assertThat(restart.next(live)).isNull();
        assertThat(restart.isNew("shop-3")).isTrue();
        live.put("shop-3", IN_SERVICE);
        assertThat(restart.next(live)).isNull();

        assertThat(restart.finished()).isTrue();
        assertThat(restart.summary()).isEqualTo("resize done: 1 instance stopped and restarted at cpu 500m, memory"
            + " 256Mi; 1 ended before its turn");
    }
}
