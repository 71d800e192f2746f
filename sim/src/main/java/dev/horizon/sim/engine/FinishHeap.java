package dev.horizon.sim.engine;

import java.util.Arrays;

/**
 * The requests in service at one instance, a binary min-heap of request slots ordered by their virtual finish time
 * ({@link Requests#finish}); each request knows its place ({@link Requests#heapIndex}), so a timed-out one leaves in
 * O(log n).
 */
final class FinishHeap {

    private final Requests requests;
    private int[] heap = new int[16];
    private int size;

    FinishHeap(Requests requests) {
        this.requests = requests;
    }

    int size() {
        return size;
    }

    /** The request that finishes first; the heap must not be empty. */
    int top() {
        return heap[0];
    }

    void push(int r) {
        if (size == heap.length) {
            heap = Arrays.copyOf(heap, size * 2);
        }
        heap[size] = r;
        requests.heapIndex[r] = size;
        up(size++);
    }

    /** Removes request {@code r}, which is in this heap. */
    void remove(int r) {
        int i = requests.heapIndex[r];
        requests.heapIndex[r] = -1;
        int last = heap[--size];
        if (i == size) {
            return;
        }
        heap[i] = last;
        requests.heapIndex[last] = i;
        up(i);
        down(requests.heapIndex[last]);
    }

    private void up(int i) {
        int r = heap[i];
        double key = requests.finish[r];
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            int p = heap[parent];
            if (requests.finish[p] <= key) {
                break;
            }
            heap[i] = p;
            requests.heapIndex[p] = i;
            i = parent;
        }
        heap[i] = r;
        requests.heapIndex[r] = i;
    }

    private void down(int i) {
        int r = heap[i];
        double key = requests.finish[r];
        int half = size >>> 1;
        while (i < half) {
            int child = 2 * i + 1;
            int c = heap[child];
            int right = child + 1;
            if (right < size && requests.finish[heap[right]] < requests.finish[c]) {
                child = right;
                c = heap[child];
            }
            if (key <= requests.finish[c]) {
                break;
            }
            heap[i] = c;
            requests.heapIndex[c] = i;
            i = child;
        }
        heap[i] = r;
        requests.heapIndex[r] = i;
    }

    /** Every request in the heap, in no order (for a kill). */
    int[] toArray() {
        return Arrays.copyOf(heap, size);
    }

    void clear() {
        size = 0;
    }
}
