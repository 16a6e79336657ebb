package dev.antientropy.bench;

import java.util.Arrays;

/** A growable list of primitive longs: records event times without boxing. Not thread-safe. */
public final class LongList {

    private long[] values;
    private int size;

    /**
     * Creates an empty list.
     *
     * @param capacity the initial capacity
     */
    public LongList(int capacity) {
        values = new long[Math.max(1, capacity)];
    }

    /**
     * Appends a value.
     *
     * @param value the value
     */
    public void add(long value) {
        if (size == values.length) {
            values = Arrays.copyOf(values, size * 2);
        }
        values[size++] = value;
    }

    /**
     * Returns the number of values.
     *
     * @return the size
     */
    public int size() {
        return size;
    }

    /**
     * Returns a value.
     *
     * @param index its index
     * @return the value
     */
    public long get(int index) {
        if (index >= size) {
            throw new IndexOutOfBoundsException(index);
        }
        return values[index];
    }

    /**
     * Returns a copy of the values.
     *
     * @return the values, in order
     */
    public long[] toArray() {
        return Arrays.copyOf(values, size);
    }
}
