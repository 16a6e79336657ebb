package dev.antientropy.autoconfigure;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.List;

import org.springframework.boot.convert.DurationStyle;

/**
 * Prints a duration the way a user writes it in {@code application.properties}: {@code 400ms}, {@code 90s},
 * {@code 5m}, in the largest unit that shows it exactly; below a millisecond, in nanoseconds. For log lines
 * and messages, where {@code PT0.4S} would make a reader translate.
 */
final class DurationFormat {

    private static final List<ChronoUnit> UNITS = List.of(ChronoUnit.DAYS, ChronoUnit.HOURS, ChronoUnit.MINUTES,
            ChronoUnit.SECONDS, ChronoUnit.MILLIS, ChronoUnit.MICROS, ChronoUnit.NANOS);

    private DurationFormat() {
    }

    /**
     * Prints a duration as a property value.
     *
     * @param duration the duration
     * @return for example {@code 400ms}, {@code 90s}, {@code 2m}
     */
    static String format(Duration duration) {
        if (duration.isZero()) {
            return "0s";
        }
        long nanos = duration.toNanos();
        for (ChronoUnit unit : UNITS) {
            if (nanos % unit.getDuration().toNanos() == 0) {
                return DurationStyle.SIMPLE.print(duration, unit);
            }
        }
        return DurationStyle.SIMPLE.print(duration, ChronoUnit.NANOS);
    }
}
