package dev.horizon.sim.engine;

/** A first-in first-out queue of ints on a growing circular array. */
final class IntRing {

    private int[] items = new int[16];
    private int head;
    private int size;

    void add(int value) {
        if (size == items.length) {
            int[] bigger = new int[items.length * 2];
            for (int i = 0; i < size; i++) {
                bigger[i] = items[(head + i) & (items.length - 1)];
            }
            items = bigger;
            head = 0;
        }
        items[(head + size) & (items.length - 1)] = value;
        size++;
    }

    int peek() {
        return items[head];
    }

    int poll() {
        int value = items[head];
        head = (head + 1) & (items.length - 1);
        size--;
        return value;
    }

    int size() {
        return size;
    }

    boolean isEmpty() {
        return size == 0;
    }
}
