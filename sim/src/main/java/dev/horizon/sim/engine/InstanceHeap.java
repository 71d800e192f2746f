package dev.horizon.sim.engine;

import java.util.Arrays;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The instances by their next event ({@link Instance#next}), a binary min-heap where each instance knows its place,
 * so a change of one instance's next event costs O(log instances). Ties go to the older instance, for determinism.
 */
final class InstanceHeap {

    private @Nullable Instance[] heap = new Instance[16];
    private int size;

    boolean isEmpty() {
        return size == 0;
    }

    Instance top() {
        return Objects.requireNonNull(heap[0]);
    }

    /** Adds {@code i}, or moves it to where its (changed) next event puts it. */
    void update(Instance i) {
        if (i.heapIndex < 0) {
            if (size == heap.length) {
                heap = Arrays.copyOf(heap, size * 2);
            }
            heap[size] = i;
            i.heapIndex = size;
            up(size++);
        } else {
            up(i.heapIndex);
            down(i.heapIndex);
        }
    }

    void remove(Instance i) {
        int at = i.heapIndex;
        if (at < 0) {
            return;
        }
        i.heapIndex = -1;
        Instance last = Objects.requireNonNull(heap[--size]);
        heap[size] = null;
        if (at == size) {
            return;
        }
        heap[at] = last;
        last.heapIndex = at;
        up(at);
        down(last.heapIndex);
    }

    private static boolean before(Instance a, Instance b) {
        return a.next < b.next || a.next == b.next && a.sequence < b.sequence;
    }

    private void up(int at) {
        Instance x = Objects.requireNonNull(heap[at]);
        while (at > 0) {
            int parent = (at - 1) >>> 1;
            Instance p = Objects.requireNonNull(heap[parent]);
            if (!before(x, p)) {
                break;
            }
            heap[at] = p;
            p.heapIndex = at;
            at = parent;
        }
        heap[at] = x;
        x.heapIndex = at;
    }

    private void down(int at) {
        Instance x = Objects.requireNonNull(heap[at]);
        int half = size >>> 1;
        while (at < half) {
            int child = 2 * at + 1;
            Instance c = Objects.requireNonNull(heap[child]);
            int right = child + 1;
            if (right < size && before(Objects.requireNonNull(heap[right]), c)) {
                child = right;
                c = Objects.requireNonNull(heap[child]);
            }
            if (!before(c, x)) {
                break;
            }
            heap[at] = c;
            c.heapIndex = at;
            at = child;
        }
        heap[at] = x;
        x.heapIndex = at;
    }
}
