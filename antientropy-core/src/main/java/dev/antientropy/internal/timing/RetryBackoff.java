package dev.antientropy.internal.timing;

/**
 * The base delay before retrying a failed full sync: {@code retry * multiplier^(failures - 1)}, capped. A
 * multiplier of 1 is Consul's fixed pace. The scaled stagger is added on top, so the cap bounds the base,
 * and a retry falls in {@code [base, base * (1 + f))}.
 *
 * @param initialNanos the delay after the first failure
 * @param multiplier the growth per further failure, at least 1
 * @param maxNanos the cap of the base delay
 */
public record RetryBackoff(long initialNanos, double multiplier, long maxNanos) {

    /**
     * Returns the base delay after the given number of consecutive failures.
     *
     * @param failures consecutive failed full syncs, at least 1 for a failure; 0 for a skipped (paused) one
     * @return the base delay in nanoseconds
     */
    public long baseDelay(int failures) {
        if (multiplier <= 1.0 || failures <= 1) {
            return initialNanos;
        }
        double grown = initialNanos * Math.pow(multiplier, failures - 1);
        return grown >= maxNanos ? maxNanos : Math.max(initialNanos, (long) grown);
    }
}
