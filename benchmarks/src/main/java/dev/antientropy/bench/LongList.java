package dev.antientropy.bench;

import java.util.Arrays;

/** A growable list of primitive longs: records event times without boxing. Not thread-safe. */
final class LongList {

    private long[] values;
    private int size;

    LongList(int capacity) {
        values = new long[Math.max(1, capacity)];
    }

    void add(long value) {
        if (size == values.length) {
            values = Arrays.copyOf(values, size * 2);
        }
        values[size++] = value;
    }

    int size() {
        return size;
    }

    long get(int index) {
        if (index >= size) {
            throw new IndexOutOfBoundsException(index);
        }
        return values[index];
    }

    long[] toArray() {
        return Arrays.copyOf(values, size);
    }
}
