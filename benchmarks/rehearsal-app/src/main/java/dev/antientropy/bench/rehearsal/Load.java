package dev.antientropy.bench.rehearsal;

/**
 * Full syncs counted per 100 ms bucket from the fleet's start, and the figures of a window of them.
 *
 * @param per100ms the count of each 100 ms bucket
 */
public record Load(int[] per100ms) {

    /**
     * Sums the 100 ms buckets into seconds.
     *
     * @return the count of each second
     */
    public int[] perSecond() {
        int[] seconds = new int[(per100ms.length + 9) / 10];
        for (int b = 0; b < per100ms.length; b++) {
            seconds[b / 10] += per100ms[b];
        }
        return seconds;
    }

    /**
     * The most full syncs in one second of the window, divided by the mean per second over it.
     *
     * @param fromSecond the window's first second
     * @param toSecond the second after the window
     * @return peak over mean, {@code NaN} when the window is empty
     */
    public double peakToMean(int fromSecond, int toSecond) {
        int[] seconds = perSecond();
        int peak = 0;
        long sum = 0;
        for (int s = fromSecond; s < toSecond && s < seconds.length; s++) {
            peak = Math.max(peak, seconds[s]);
            sum += seconds[s];
        }
        return sum == 0 ? Double.NaN : peak / ((double) sum / (toSecond - fromSecond));
    }

    /**
     * The most full syncs in one 100 ms bucket of the window.
     *
     * @param fromSecond the window's first second
     * @param toSecond the second after the window
     * @return the peak
     */
    public int peakPer100ms(int fromSecond, int toSecond) {
        int peak = 0;
        for (int b = fromSecond * 10; b < toSecond * 10 && b < per100ms.length; b++) {
            peak = Math.max(peak, per100ms[b]);
        }
        return peak;
    }

    /**
     * Counts times into 100 ms buckets.
     *
     * @param nanos times in nanoseconds from the start (those outside {@code [0, horizon)} are left out)
     * @param count how many of {@code nanos} to read
     * @param horizonNanos the length covered
     * @return the load
     */
    public static Load of(long[] nanos, int count, long horizonNanos) {
        int[] buckets = new int[(int) (horizonNanos / 100_000_000L)];
        for (int i = 0; i < count; i++) {
            long bucket = nanos[i] / 100_000_000L;
            if (nanos[i] >= 0 && bucket < buckets.length) {
                buckets[(int) bucket]++;
            }
        }
        return new Load(buckets);
    }
}
