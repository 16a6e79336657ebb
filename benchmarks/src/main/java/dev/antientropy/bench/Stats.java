package dev.antientropy.bench;

import java.util.Arrays;
import java.util.Locale;

/** Percentiles and "median [min..max]" summaries, computed the way the Go anchor computes them. */
public final class Stats {

    private Stats() {
    }

    /**
     * The Go anchor's percentile: the sample at rank {@code round(p * n)} (1-based) of the sorted samples.
     *
     * @param sorted ascending samples
     * @param p a fraction in (0, 1]
     * @return the percentile
     */
    public static long percentile(long[] sorted, double p) {
        int i = (int) (p * sorted.length + 0.5) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
    }

    /** The median of the values (the upper middle one for an even count, as the Go anchor's reportSeeds).
     *
     * @param values the values, at least one
     * @return the median
     */
    public static double median(double... values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    /**
     * Returns the smallest value.
     *
     * @param values the values
     * @return the minimum, NaN when empty
     */
    public static double min(double... values) {
        return Arrays.stream(values).min().orElse(Double.NaN);
    }

    /**
     * Returns the largest value.
     *
     * @param values the values
     * @return the maximum, NaN when empty
     */
    public static double max(double... values) {
        return Arrays.stream(values).max().orElse(Double.NaN);
    }

    /**
     * Formats {@code "median [min..max]"}.
     *
     * @param format the number format, as {@code "%.2f"}
     * @param values the values
     * @return the summary
     */
    public static String summary(String format, double... values) {
        return String.format(Locale.ROOT, format + " [" + format + ".." + format + "]", median(values), min(values),
                max(values));
    }

    /**
     * Formats with {@link Locale#ROOT}, so that CSV files always use a decimal point.
     *
     * @param format the format
     * @param args the arguments
     * @return the formatted text
     */
    public static String fmt(String format, Object... args) {
        return String.format(Locale.ROOT, format, args);
    }
}
