package dev.antientropy.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * Where the probes write their CSV files ({@code benchmarks/results} under the working directory, or the
 * system property {@code results}), and the facts about the machine that every run prints first.
 */
public final class Results {

    private Results() {
    }

    /**
     * Returns the results folder, created if missing.
     *
     * @return {@code benchmarks/results}, {@code results}, or the folder the system property {@code results} names
     */
    public static Path dir() {
        String configured = System.getProperty("results");
        Path dir = configured != null ? Path.of(configured)
                : Files.isDirectory(Path.of("benchmarks")) ? Path.of("benchmarks", "results") : Path.of("results");
        try {
            Files.createDirectories(dir);
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        return dir;
    }

    /**
     * Writes a CSV file into {@link #dir()}: the header, then one line per row.
     *
     * @param name the file name
     * @param header the header line
     * @param rows the rows
     * @return the file written
     */
    public static Path writeCsv(String name, String header, List<String> rows) {
        Path file = dir().resolve(name);
        StringBuilder text = new StringBuilder(header).append('\n');
        rows.forEach(row -> text.append(row).append('\n'));
        try {
            Files.writeString(file, text, StandardCharsets.UTF_8);
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        System.out.println("wrote " + file);
        return file;
    }

    /**
     * Prints when, where and on what a run happens, load average included.
     *
     * @param probe the name of the run
     */
    public static void printMachine(String probe) {
        System.out.println("== " + probe + " ==");
        System.out.println("date_utc:   " + Instant.now().truncatedTo(ChronoUnit.SECONDS));
        System.out.println("nproc:      " + Runtime.getRuntime().availableProcessors() + " (as the JVM sees it)");
        System.out.println("cpu_model:  " + firstLine("/proc/cpuinfo", "model name"));
        System.out.println("java:       " + System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
        System.out.println("vm_args:    " + ManagementFactory.getRuntimeMXBean().getInputArguments());
        System.out.println("loadavg:    " + loadAverage());
    }

    /**
     * Returns the content of {@code /proc/loadavg}.
     *
     * @return the load averages, or {@code n/a}
     */
    public static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        }
        catch (IOException ex) {
            return "n/a";
        }
    }

    private static String firstLine(String file, String key) {
        try {
            return Files.readAllLines(Path.of(file)).stream().filter(line -> line.startsWith(key))
                    .map(line -> line.substring(line.indexOf(':') + 1).trim()).findFirst().orElse("n/a");
        }
        catch (IOException ex) {
            return "n/a";
        }
    }
}
