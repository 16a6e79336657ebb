package dev.antientropy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Consul's scale factor, exactly at every boundary of its table (1 up to 128 nodes, then one more per doubling). */
class ScaleFactorTests {

    @ParameterizedTest(name = "{0} nodes -> {1}")
    @CsvSource({ "-5, 1", "0, 1", "1, 1", "127, 1", "128, 1", "129, 2", "256, 2", "257, 3", "512, 3", "513, 4",
            "1024, 4", "1025, 5", "2048, 5", "4096, 6", "8192, 7", "8193, 8", "16384, 8", "16385, 9",
            "2147483647, 25" })
    void growsByOnePerDoublingAboveTheThreshold(int nodes, int factor) {
        assertThat(StateSyncer.scaleFactor(nodes)).isEqualTo(factor);
    }

    @ParameterizedTest(name = "{0} nodes, threshold {1} -> {2}")
    @CsvSource({ "32, 32, 1", "33, 32, 2", "100, 1, 8", "3, 2, 2", "5, 3, 2", "7, 3, 3", "1, 1, 1" })
    void anyThreshold(int nodes, int threshold, int factor) {
        assertThat(StateSyncer.scaleFactor(nodes, threshold)).isEqualTo(factor);
    }

    @Test
    void theThresholdMustBeAtLeastOne() {
        assertThatIllegalArgumentException().isThrownBy(() -> StateSyncer.scaleFactor(10, 0))
                .withMessage("scaleThreshold must be at least 1, was 0");
    }

    // Ports ae_test.go TestAE_scaleFactor (#1): 100 -> 1, 200 -> 2, 1000 -> 4, 10000 -> 8.
    @ParameterizedTest(name = "{0} nodes -> {1}")
    @CsvSource({ "100, 1", "200, 2", "1000, 4", "10000, 8" })
    void scaleFactorOfConsulsTable(int nodes, int factor) {
        assertThat(StateSyncer.scaleFactor(nodes)).isEqualTo(factor);
    }
}
