package dev.antientropy.bench;

import java.util.Arrays;
import java.util.Locale;

/** Percentiles and "median [min..max]" summaries, computed the way the Go anchor computes them. */
final class Stats {

    private Stats() {
    }

    /**
     * The Go anchor's percentile: the sample at rank {@code round(p * n)} (1-based) of the sorted samples.
     *
     * @param sorted ascending samples
     * @param p a fraction in (0, 1]
     */
    static long percentile(long[] sorted, double p) {
        int i = (int) (p * sorted.length + 0.5) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
    }

    /** The median of the values (the upper middle one for an even count, as the Go anchor's reportSeeds). */
    static double median(double... values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    static double min(double... values) {
        return Arrays.stream(values).min().orElse(Double.NaN);
    }

    static double max(double... values) {
        return Arrays.stream(values).max().orElse(Double.NaN);
    }

    /** {@code "median [min..max]"} with the given number format. */
    static String summary(String format, double... values) {
        return String.format(Locale.ROOT, format + " [" + format + ".." + format + "]", median(values), min(values),
                max(values));
    }

    static String fmt(String format, Object... args) {
        return String.format(Locale.ROOT, format, args);
    }
}
