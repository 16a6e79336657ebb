package dev.antientropy.bench.rehearsal;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.BitmapEncoder.BitmapFormat;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler.LegendPosition;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** The PNG of one scenario: full syncs per second at PostgreSQL, measured and simulated overlaid (XChart). */
final class RehearsalPlot {

    private static final Color MEASURED = new Color(0xC0, 0x39, 0x2B);
    private static final Color SIMULATED = new Color(0x29, 0x80, 0xB9);
    private static final Color ENTERED = new Color(0x27, 0xAE, 0x60);
    private static final Color MARK = new Color(0x7F, 0x8C, 0x8D);

    private RehearsalPlot() {
    }

    static void write(Path file, Scenario scenario, Load measured, Load entered, Load simulated, int from, int to,
            long outageFrom, long outageTo) throws IOException {
        System.setProperty("java.awt.headless", "true");
        XYChart chart = new XYChartBuilder().width(1100).height(560)
            .title(String.format("%s: %d nodes, interval %d s, f = %d (window: seconds %d to %d)", scenario.name(),
                    scenario.nodes(), scenario.interval().toSeconds(), scenario.scaleFactor(), from, to))
            .xAxisTitle("seconds since the fleet started")
            .yAxisTitle("full syncs committed per second")
            .build();
        chart.getStyler().setLegendPosition(LegendPosition.OutsideS);
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setPlotGridLinesVisible(true);
        chart.getStyler().setYAxisMin(0.0);
        chart.getStyler().setYAxisDecimalPattern("#,##0");
        add(chart, "measured at PostgreSQL (sync_log timestamps)", measured.perSecond(), MEASURED, 2.5f);
        add(chart, "simulated (virtual time, seed 1)", simulated.perSecond(), SIMULATED, 1.5f);
        add(chart, "entered by the fleet host's syncers (its clock)", entered.perSecond(), ENTERED, 1f);
        double top = Math.max(max(measured.perSecond()), max(simulated.perSecond()));
        mark(chart, "measured window", from, to, top * 1.02);
        if (outageFrom >= 0) {
            mark(chart, "PostgreSQL down", outageFrom / 1e9, outageTo / 1e9, top * 1.05);
        }
        BitmapEncoder.saveBitmap(chart, file.toString(), BitmapFormat.PNG);
    }

    private static void add(XYChart chart, String name, int[] perSecond, Color color, float width) {
        double[] x = new double[perSecond.length];
        double[] y = new double[perSecond.length];
        for (int s = 0; s < perSecond.length; s++) {
            x[s] = s + 0.5;
            y[s] = perSecond[s];
        }
        XYSeries series = chart.addSeries(name, x, y);
        series.setLineColor(color);
        series.setLineStyle(new BasicStroke(width));
        series.setMarker(SeriesMarkers.NONE);
    }

    private static void mark(XYChart chart, String name, double from, double to, double y) {
        XYSeries series = chart.addSeries(name, new double[] {from, to}, new double[] {y, y});
        series.setLineColor(MARK);
        series.setMarkerColor(MARK);
        series.setMarker(SeriesMarkers.DIAMOND);
        series.setLineStyle(new BasicStroke(3f));
    }

    private static int max(int[] values) {
        int max = 0;
        for (int v : values) {
            max = Math.max(max, v);
        }
        return max;
    }
}
