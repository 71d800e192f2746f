package dev.horizon.balance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class MaglevTest {

    // The 7- and 17-slot tables are the expected tables of Envoy's maglev_lb_test.cc (tests Basic, BasicWithHostName
    // and Weighted), whose hosts hash by these strings: an id here plays Envoy's address or hostname.

    @Test
    void fillsEnvoysTableForSixAddresses() {
        Pool pool = pool("127.0.0.1:90", "127.0.0.1:91", "127.0.0.1:92", "127.0.0.1:93", "127.0.0.1:94",
            "127.0.0.1:95");
        assertPicks(new Maglev(pool, 7), pool, 2, 4, 0, 1, 5, 0, 3);
    }

    @Test
    void fillsEnvoysTableForSixHostnames() {
        Pool pool = pool("90", "91", "92", "93", "94", "95");
        assertPicks(new Maglev(pool, 7), pool, 2, 5, 0, 3, 4, 1, 0);
    }

    @Test
    void fillsEnvoysTableForWeightsOneAndTwo() {
        Pool pool = Pool.of(List.of(Endpoint.of("127.0.0.1:90", 1), Endpoint.of("127.0.0.1:91", 2)));
        assertPicks(new Maglev(pool, 17), pool, 1, 0, 0, 1, 0, 1, 1, 0, 1, 1, 1, 1, 1, 0, 1, 0, 1);
    }

    @Test
    void tableDoesNotDependOnThePoolOrder() {
        List<Endpoint> endpoints = new ArrayList<>(HashFixtures.endpoints(8));
        Maglev ordered = new Maglev(Pool.of(endpoints), 1009);
        Collections.shuffle(endpoints, new Random(3));
        Pool shuffled = Pool.of(endpoints);
        Maglev reordered = new Maglev(shuffled, 1009);
        for (long key = 0; key < 1009; key++) {
            assertThat(HashFixtures.idOf(reordered.pick(key))).isEqualTo(HashFixtures.idOf(ordered.pick(key)));
        }
    }

    @Test
    void weightsOneAndTwoFillExactlyEnvoysEntryCountsOfTheDefaultTable() {
        Pool pool = Pool.of(List.of(Endpoint.of("127.0.0.1:90", 1), Endpoint.of("127.0.0.1:91", 2)));
        assertThat(entryCounts(new Maglev(pool, Maglev.DEFAULT_TABLE_SIZE))).containsExactly(21_846, 43_691);
        assertThat(entryCounts((Maglev) HashBalancer.maglev(pool))).containsExactly(21_846, 43_691);
    }

    @Test
    void equalWeightsFillWithinOneEntryOfEachOther() {
        // 65,537 = 3 × 21,845 + 2: the last round is cut short after the first two endpoints in id order, a and b.
        Pool pool = pool("c", "a", "b");
        assertThat(entryCounts(new Maglev(pool, Maglev.DEFAULT_TABLE_SIZE))).containsExactly(21_846, 21_846, 21_845);
    }

    @Test
    void readsTheKeyAsUnsignedModuloTheTableSize() {
        Pool pool = pool("127.0.0.1:90", "127.0.0.1:91", "127.0.0.1:92", "127.0.0.1:93", "127.0.0.1:94",
            "127.0.0.1:95");
        Maglev maglev = new Maglev(pool, 7);
        // 2^64 - 1 = 1 (mod 7): slot 1 holds 127.0.0.1:94; a signed remainder would give slot -1 and fail.
        assertThat(HashFixtures.idOf(maglev.pick(-1L))).isEqualTo("127.0.0.1:94");
        assertThat(HashFixtures.idOf(maglev.pick(Long.MIN_VALUE))).isEqualTo(
            HashFixtures.idOf(maglev.pick(Long.remainderUnsigned(Long.MIN_VALUE, 7))));
    }

    @Test
    void moreEndpointsThanSlotsLeavesTheLastOnesOut() {
        Pool pool = HashFixtures.pool(5);
        Maglev maglev = new Maglev(pool, 3);
        assertThat(entryCounts(maglev)).containsExactly(1, 1, 1, 0, 0);
    }

    @Test
    void rejectsATableSizeThatIsNotPrime() {
        Pool pool = HashFixtures.pool(3);
        assertThatThrownBy(() -> new Maglev(pool, 65_536))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessage("maglev table size: 65536 (expected: a prime number)");
        assertThatThrownBy(() -> new Maglev(pool, 1))
            .hasMessage("maglev table size: 1 (expected: a prime number)");
        assertThatThrownBy(() -> new Maglev(Pool.empty(), -7))
            .hasMessage("maglev table size: -7 (expected: a prime number)");
    }

    private static Pool pool(String... ids) {
        List<Endpoint> endpoints = new ArrayList<>();
        for (String id : ids) {
            endpoints.add(Endpoint.of(id));
        }
        return Pool.of(endpoints);
    }

    /** Keys 0..3·size-1 go to the slots in order; {@code expected} lists each slot's endpoint index. */
    private static void assertPicks(Maglev maglev, Pool pool, int... expected) {
        assertThat(maglev.size()).isEqualTo(expected.length);
        for (int key = 0; key < 3 * expected.length; key++) {
            assertThat(maglev.pick(key)).as("key %d", key).isSameAs(pool.get(expected[key % expected.length]));
        }
    }

    /** Slots per endpoint, listed in id order. */
    private static List<Integer> entryCounts(Maglev maglev) {
        Pool pool = maglev.pool();
        int[] counts = new int[pool.size()];
        for (int s = 0; s < maglev.size(); s++) {
            counts[maglev.entry(s)]++;
        }
        List<Integer> byId = new ArrayList<>();
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < pool.size(); i++) {
            order.add(i);
        }
        order.sort((a, b) -> pool.get(a).id().compareTo(pool.get(b).id()));
        for (int i : order) {
            byId.add(counts[i]);
        }
        return byId;
    }
}
