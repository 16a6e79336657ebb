package dev.antientropy.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Durations in the starter's log lines and messages read as a user writes them in properties, not as ISO-8601. */
class DurationFormatTests {

    @ParameterizedTest
    @CsvSource({ "PT0S, 0s", "PT0.4S, 400ms", "PT1.5S, 1500ms", "PT30S, 30s", "PT90S, 90s", "PT1M, 1m", "PT5M, 5m",
            "PT2H, 2h", "P2D, 2d", "PT0.000001S, 1us", "PT0.000000001S, 1ns" })
    void printsInTheLargestUnitThatShowsTheDurationExactly(Duration duration, String expected) {
        assertThat(DurationFormat.format(duration)).isEqualTo(expected);
    }
}
