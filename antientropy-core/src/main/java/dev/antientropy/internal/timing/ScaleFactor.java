package dev.antientropy.internal.timing;

/**
 * Consul's scale factor: how much every delay is stretched for a cluster of a given size. {@code 1} up to the
 * threshold, then one more per doubling: {@code ceil(log2(n) - log2(threshold)) + 1}. Computed in exact
 * integer arithmetic, so the boundaries ({@code 256 -> 2}, {@code 257 -> 3}) never depend on rounding.
 */
public final class ScaleFactor {

    /** Consul's threshold: clusters up to this size are not stretched. */
    public static final int DEFAULT_THRESHOLD = 128;

    private ScaleFactor() {
    }

    /**
     * Computes the scale factor.
     *
     * @param nodes the cluster size; values up to the threshold (zero and negative ones too) give 1
     * @param threshold the size up to which delays are not stretched, at least 1
     * @return the factor, at least 1
     * @throws IllegalArgumentException when the threshold is below 1
     */
    public static int of(int nodes, int threshold) {
        if (threshold < 1) {
            throw new IllegalArgumentException("scaleThreshold must be at least 1, was " + threshold);
        }
        if (nodes <= threshold) {
            return 1;
        }
        // The smallest k with threshold * 2^k >= nodes is ceil(log2(nodes / threshold)).
        int doublings = 0;
        for (long reach = threshold; reach < nodes; reach <<= 1) {
            doublings++;
        }
        return doublings + 1;
    }
}
