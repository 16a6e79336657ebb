package dev.antientropy.internal.timing;

import java.time.Duration;

/** Saturating arithmetic on nanosecond durations and deadlines, so that no delay can wrap around. */
public final class Nanos {

    private Nanos() {
    }

    /**
     * Adds without overflow.
     *
     * @param a a value
     * @param b a value
     * @return {@code a + b}, or {@link Long#MAX_VALUE} / {@link Long#MIN_VALUE} when that overflows
     */
    public static long add(long a, long b) {
        long sum = a + b;
        if (((a ^ sum) & (b ^ sum)) < 0) {
            return a < 0 ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
        return sum;
    }

    /**
     * Converts without overflow.
     *
     * @param duration a duration
     * @return its length in nanoseconds, capped at {@link Long#MAX_VALUE}
     */
    public static long of(Duration duration) {
        try {
            return duration.toNanos();
        }
        catch (ArithmeticException tooLong) {
            return duration.isNegative() ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
    }

    /**
     * Multiplies a non-negative value without overflow.
     *
     * @param nanos a value, zero or positive
     * @param factor a factor, zero or positive
     * @return {@code nanos * factor}, capped at {@link Long#MAX_VALUE}
     */
    public static long times(long nanos, long factor) {
        long high = Math.multiplyHigh(nanos, factor);
        long product = nanos * factor;
        return (high != 0 || product < 0) ? Long.MAX_VALUE : product;
    }
}
