package dev.antientropy.internal.log;

import java.time.Duration;

/**
 * Writes durations in log lines and messages as people read them, in the unit Spring Boot's own properties use:
 * {@code 400ms}, {@code 15s}, {@code 1m30s}, {@code 2h}, rather than {@code PT0.4S}. Whole units only above a
 * second; below, milliseconds, and nanoseconds below a millisecond.
 */
public final class Durations {

    private Durations() {
    }

    /**
     * Formats a duration.
     *
     * @param duration the duration
     * @return for example {@code 0s}, {@code 400ms}, {@code 15s}, {@code 1m30s} or {@code 2h}
     */
    public static String format(Duration duration) {
        if (duration.isNegative()) {
            return "-" + format(duration.negated());
        }
        if (duration.isZero()) {
            return "0s";
        }
        long seconds = duration.getSeconds();
        int nanos = duration.getNano();
        if (seconds == 0) {
            return nanos % 1_000_000 == 0 ? (nanos / 1_000_000) + "ms" : nanos + "ns";
        }
        StringBuilder text = new StringBuilder();
        long days = seconds / 86_400;
        long hours = seconds / 3_600 % 24;
        long minutes = seconds / 60 % 60;
        long secs = seconds % 60;
        if (days > 0) {
            text.append(days).append('d');
        }
        if (hours > 0) {
            text.append(hours).append('h');
        }
        if (minutes > 0) {
            text.append(minutes).append('m');
        }
        if (secs > 0 || nanos > 0) {
            text.append(secs);
            if (nanos > 0) {
                String fraction = String.format("%09d", nanos).replaceFirst("0+$", "");
                text.append('.').append(fraction);
            }
            text.append('s');
        }
        return text.toString();
    }
}
