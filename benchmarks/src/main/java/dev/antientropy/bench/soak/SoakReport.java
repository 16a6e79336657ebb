package dev.antientropy.bench.soak;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import javax.imageio.ImageIO;

import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler.LegendPosition;
import org.knowm.xchart.style.markers.SeriesMarkers;

import dev.antientropy.bench.Results;

/**
 * The soak's summary ({@code soak-summary.txt}: the invariant counts, then first, last, min, max, median of the
 * first and last fifth, and least-squares slope of each sampled column) and its plot ({@code soak.png}: one panel
 * per column against minutes). {@link #main} remakes the plot and the column figures from a {@code soak.csv}
 * alone.
 */
public final class SoakReport {

    private static final String[] COLUMNS = {"heap_after_gc_bytes", "threads", "fds"};

    private SoakReport() {
    }

    /**
     * Remakes {@code soak.png} and prints the column figures from a CSV.
     *
     * @param args the CSV ({@code benchmarks/results/soak.csv} by default) and the PNG to write (next to it)
     * @throws IOException when a file cannot be read or written
     */
    public static void main(String[] args) throws IOException {
        Path csv = Path.of(args.length > 0 ? args[0] : Results.dir().resolve("soak.csv").toString());
        Path png = args.length > 1 ? Path.of(args[1]) : csv.resolveSibling("soak.png");
        List<long[]> rows = new ArrayList<>();
        for (String line : Files.readAllLines(csv).subList(1, Files.readAllLines(csv).size())) {
            rows.add(Arrays.stream(line.split(",")).mapToLong(Long::parseLong).toArray());
        }
        System.out.print(columns(rows));
        plot(rows, png);
    }

    static void write(List<long[]> rows, Map<String, String> counts, Map<String, Long> invariants, Path dir)
            throws IOException {
        StringBuilder text = new StringBuilder();
        text.append("soak (dev.antientropy.bench.soak.SoakRun), ").append(java.time.Instant.now()
                .truncatedTo(java.time.temporal.ChronoUnit.SECONDS)).append(", loadavg at the end ")
                .append(Results.loadAverage()).append('\n');
        text.append("java ").append(System.getProperty("java.runtime.version")).append(", ")
                .append(java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments()).append("\n\n");
        long violations = invariants.values().stream().mapToLong(Long::longValue).sum();
        text.append("invariants (each must be 0): ").append(violations == 0 ? "all held" : violations + " VIOLATIONS")
                .append('\n');
        invariants.forEach((name, count) -> text.append(String.format("  %-72s %d%n", name, count)));
        text.append("\nload\n");
        counts.forEach((name, value) -> text.append(String.format("  %-24s %s%n", name, value)));
        text.append('\n').append(columns(rows));
        Path summary = dir.resolve("soak-summary.txt");
        Files.writeString(summary, text, StandardCharsets.UTF_8);
        System.out.print(text);
        System.out.println("wrote " + summary);
        plot(rows, dir.resolve("soak.png"));
    }

    static String columns(List<long[]> rows) {
        StringBuilder text = new StringBuilder("samples (soak.csv; slope: least squares over all samples, "
                + "and from t = 60 s on; fifths: medians of the first and the last fifth of the samples)\n");
        text.append(String.format("  %-20s %12s %12s %12s %12s %12s %12s %14s %14s%n", "column", "first", "last",
                "min", "max", "med 1st 5th", "med last 5th", "slope /min", "slope /min 60s+"));
        for (int c = 0; c < COLUMNS.length; c++) {
            int col = c + 1;
            long[] values = rows.stream().mapToLong(r -> r[col]).toArray();
            int fifth = Math.max(1, values.length / 5);
            text.append(String.format("  %-20s %12d %12d %12d %12d %12d %12d %14.1f %14.1f%n", COLUMNS[c], values[0],
                    values[values.length - 1], Arrays.stream(values).min().orElse(0),
                    Arrays.stream(values).max().orElse(0), median(Arrays.copyOfRange(values, 0, fifth)),
                    median(Arrays.copyOfRange(values, values.length - fifth, values.length)), slope(rows, col, 0),
                    slope(rows, col, 60)));
        }
        return text.toString();
    }

    private static long median(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[(sorted.length - 1) / 2];
    }

    /** Least-squares slope of column {@code col} per minute, over the samples at {@code fromSeconds} or later. */
    private static double slope(List<long[]> rows, int col, long fromSeconds) {
        double n = 0;
        double sx = 0;
        double sy = 0;
        double sxx = 0;
        double sxy = 0;
        for (long[] row : rows) {
            if (row[0] < fromSeconds) {
                continue;
            }
            double x = row[0] / 60.0;
            double y = row[col];
            n++;
            sx += x;
            sy += y;
            sxx += x * x;
            sxy += x * y;
        }
        double denominator = n * sxx - sx * sx;
        return n < 2 || denominator == 0 ? Double.NaN : (n * sxy - sx * sy) / denominator;
    }

    static void plot(List<long[]> rows, Path png) throws IOException {
        System.setProperty("java.awt.headless", "true");
        double[] minutes = rows.stream().mapToDouble(r -> r[0] / 60.0).toArray();
        String[] titles = {"heap in use after System.gc() (MB)", "live threads", "open file descriptors"};
        Color[] colors = {new Color(0x29, 0x80, 0xB9), new Color(0xC0, 0x39, 0x2B), new Color(0x27, 0xAE, 0x60)};
        int width = 1200;
        int panel = 330;
        BufferedImage image = new BufferedImage(width, panel * 3, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        for (int c = 0; c < 3; c++) {
            int col = c + 1;
            double scale = c == 0 ? 1e6 : 1;
            double[] y = rows.stream().mapToDouble(r -> r[col] / scale).toArray();
            double max = Arrays.stream(y).max().orElse(1);
            XYChart chart = new XYChartBuilder().width(width).height(panel)
                    .title((c == 0 ? "Soak: one syncer, 30 % failing syncs, triggers, pauses, HTTP - " : "")
                            + titles[c] + " (t = 0: before the load), every " + (rows.size() > 1 ? rows.get(1)[0] - rows.get(0)[0] : 0)
                            + " s")
                    .xAxisTitle("minutes").yAxisTitle(titles[c]).build();
            chart.getStyler().setLegendVisible(false);
            chart.getStyler().setLegendPosition(LegendPosition.InsideNE);
            chart.getStyler().setChartBackgroundColor(Color.WHITE);
            chart.getStyler().setPlotGridLinesVisible(true);
            chart.getStyler().setYAxisMin(0.0);
            chart.getStyler().setYAxisMax(max * 1.25 + (c == 0 ? 0 : 1));
            chart.getStyler().setXAxisMin(0.0);
            chart.getStyler().setXAxisDecimalPattern("#0.#");
            XYSeries series = chart.addSeries(COLUMNS[c], minutes, y);
            series.setLineColor(colors[c]);
            series.setMarkerColor(colors[c]);
            series.setMarker(SeriesMarkers.CIRCLE);
            chart.getStyler().setMarkerSize(4);
            Graphics2D part = (Graphics2D) g.create(0, c * panel, width, panel);
            chart.paint(part, width, panel);
            part.dispose();
        }
        g.dispose();
        ImageIO.write(image, "png", png.toFile());
        System.out.println("wrote " + png);
    }
}
