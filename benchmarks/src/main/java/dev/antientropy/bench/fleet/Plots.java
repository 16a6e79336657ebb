package dev.antientropy.bench.fleet;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.BitmapEncoder.BitmapFormat;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler.LegendPosition;
import org.knowm.xchart.style.markers.SeriesMarkers;

import dev.antientropy.bench.Stats;

/** The PNG plots of the fleet simulation, made with XChart. */
final class Plots {

    private static final Color NAIVE = new Color(0xC0, 0x39, 0x2B);
    private static final Color CONSUL = new Color(0x29, 0x80, 0xB9);
    private static final Color STARTUP = new Color(0x27, 0xAE, 0x60);

    private Plots() {
    }

    /**
     * Full syncs per second over time at N = 10,000, log scale (a second with no full sync is a gap).
     *
     * @param series per second, indexed by {@link FleetSimulation.Timing#ordinal()}
     */
    static void fleetLoad(int[][] series, Path file) {
        System.setProperty("java.awt.headless", "true");
        XYChart chart = new XYChartBuilder().width(1200).height(680)
                .title("Full syncs per second, 10,000 nodes started together (interval 60 s, f = 8, seed 1)")
                .xAxisTitle("minutes since start").yAxisTitle("full syncs per second (log scale)").build();
        chart.getStyler().setYAxisLogarithmic(true);
        chart.getStyler().setYAxisMin(1.0);
        chart.getStyler().setYAxisMax(20_000.0);
        chart.getStyler().setXAxisMin(0.0);
        chart.getStyler().setXAxisMax(30.0);
        chart.getStyler().setLegendPosition(LegendPosition.OutsideS);
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setPlotGridLinesVisible(true);
        chart.getStyler().setYAxisDecimalPattern("#,##0");
        chart.getStyler().setMarkerSize(9);
        add(chart, "naive fixed rate: all nodes every 60 s", series[0], NAIVE, true);
        // Consul's burst: every first full sync in second 0, drawn on top of the naive dot at t=0.
        int[] burst = new int[series[1].length];
        int[] rest = series[1].clone();
        burst[0] = rest[0];
        rest[0] = 0;
        add(chart, "Consul timing (default): first full sync at start, then every [60 s, 540 s)", rest, CONSUL, false);
        XYSeries spike = chart.addSeries("Consul timing: all " + burst[0] + " first full syncs in second 0",
                new double[] {0.0}, new double[] {burst[0]});
        spike.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        spike.setMarker(SeriesMarkers.DIAMOND);
        spike.setMarkerColor(CONSUL);
        add(chart, "with startupStagger(60 s): first full sync in [0, 480 s)", series[2], STARTUP, false);
        save(chart, file);
    }

    private static void add(XYChart chart, String name, int[] perSecond, Color color, boolean scatter) {
        double[] x = new double[perSecond.length];
        double[] y = new double[perSecond.length];
        for (int s = 0; s < perSecond.length; s++) {
            x[s] = s / 60.0;
            y[s] = perSecond[s] == 0 ? Double.NaN : perSecond[s];
        }
        XYSeries series = chart.addSeries(name, x, y);
        series.setLineColor(color);
        series.setMarkerColor(color);
        if (scatter) {
            series.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
            series.setMarker(SeriesMarkers.CIRCLE);
        }
        else {
            series.setMarker(SeriesMarkers.NONE);
            series.setLineStyle(new BasicStroke(1.2f));
        }
    }

    /**
     * Peak/mean of full syncs per second against N, one line per timing and window.
     *
     * @param ratios timing -> [window][size index], medians over the seeds
     */
    static void peakToMean(int[] sizes, Map<FleetSimulation.Timing, double[][]> ratios, Path file) {
        System.setProperty("java.awt.headless", "true");
        XYChart chart = new XYChartBuilder().width(900).height(560)
                .title("Peak / mean full syncs per second (median of 5 seeds; interval 60 s, all nodes started at t=0)")
                .xAxisTitle("nodes (log scale)").yAxisTitle("peak / mean (log scale)").build();
        chart.getStyler().setXAxisLogarithmic(true);
        chart.getStyler().setYAxisLogarithmic(true);
        chart.getStyler().setYAxisMin(1.0);
        chart.getStyler().setYAxisMax(100.0);
        chart.getStyler().setLegendPosition(LegendPosition.OutsideS);
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setXAxisDecimalPattern("#,##0");
        chart.getStyler().setYAxisDecimalPattern("0.#");
        double[] x = new double[sizes.length];
        for (int i = 0; i < sizes.length; i++) {
            x[i] = sizes[i];
        }
        double[] goal = new double[sizes.length];
        Arrays.fill(goal, 3.0);
        XYSeries goalLine = chart.addSeries("goal for the first minute with start-up stagger: 3", x, goal);
        goalLine.setLineColor(Color.GRAY);
        goalLine.setMarker(SeriesMarkers.NONE);
        goalLine.setLineStyle(new BasicStroke(1f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f,
                new float[] {2f, 3f}, 0f));
        line(chart, "naive fixed rate, any minute", x, ratios.get(FleetSimulation.Timing.NAIVE)[0], NAIVE, 2);
        line(chart, "Consul timing, first minute (the same as naive)", x,
                ratios.get(FleetSimulation.Timing.CONSUL)[0], CONSUL, 1);
        line(chart, "Consul timing, minutes 10-30", x, ratios.get(FleetSimulation.Timing.CONSUL)[2], CONSUL, 2);
        line(chart, "startupStagger(60 s), minutes 10-30 (the same as Consul)", x,
                ratios.get(FleetSimulation.Timing.STARTUP_STAGGER)[2], STARTUP, 1);
        line(chart, "startupStagger(60 s), first minute", x, ratios.get(FleetSimulation.Timing.STARTUP_STAGGER)[0],
                STARTUP, 0);
        save(chart, file);
    }

    /** style 0: solid; 1: dashed, drawn over a line it coincides with; 2: wide and pale, drawn under one. */
    private static void line(XYChart chart, String name, double[] x, double[] y, Color color, int style) {
        XYSeries series = chart.addSeries(name, x, y);
        Color pale = new Color(color.getRed(), color.getGreen(), color.getBlue(), 110);
        series.setLineColor(style == 2 ? pale : color);
        series.setMarkerColor(style == 2 ? pale : color);
        series.setMarker(style == 1 ? SeriesMarkers.DIAMOND : SeriesMarkers.CIRCLE);
        series.setLineStyle(switch (style) {
            case 1 -> new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {6f, 4f}, 0f);
            case 2 -> new BasicStroke(7f);
            default -> new BasicStroke(2f);
        });
    }

    /**
     * Random spread and rank spread side by side at N = 10,000 (top: full syncs per second over time, churn 0.01,
     * seed 1, the same linear scale), and peak/mean against N in the steady phase, one line per churn (bottom).
     *
     * @param ratios [phase][spread][churn][size], medians over the seeds
     * @param series10k [spread][churn], full syncs per second at N = 10,000, seed 1
     */
    static void spread(int[] sizes, double[] churns, double[][][][] ratios, int[][][] series10k, Path file) {
        System.setProperty("java.awt.headless", "true");
        FleetSpreadSimulation.Spread[] spreads = FleetSpreadSimulation.Spread.values();
        int churnIndex = 1; // churn 0.01
        int peak = 0;
        for (int[][] bySpread : series10k) {
            for (int s = 0; s < bySpread[churnIndex].length; s++) {
                peak = Math.max(peak, bySpread[churnIndex][s]);
            }
        }
        List<XYChart> charts = new ArrayList<>();
        for (FleetSpreadSimulation.Spread spread : spreads) {
            int[] perSecond = series10k[spread.ordinal()][churnIndex];
            XYChart chart = new XYChartBuilder().width(700).height(420)
                    .title("spread=" + spread.label() + ": 10,000 nodes, churn 0.01 per interval (seed 1)")
                    .xAxisTitle("minutes since start").yAxisTitle("full syncs per second").build();
            chart.getStyler().setYAxisMin(0.0);
            chart.getStyler().setYAxisMax(10.0 * Math.ceil(peak * 1.1 / 10.0));
            chart.getStyler().setXAxisMin(0.0);
            chart.getStyler().setXAxisMax(30.0);
            chart.getStyler().setLegendPosition(LegendPosition.InsideSE);
            chart.getStyler().setChartBackgroundColor(Color.WHITE);
            double[] x = new double[perSecond.length];
            double[] y = new double[perSecond.length];
            for (int s = 0; s < perSecond.length; s++) {
                x[s] = s / 60.0;
                y[s] = perSecond[s];
            }
            XYSeries series = chart.addSeries(Stats.fmt("steady peak/mean %.2f (median of 5 seeds)",
                    ratios[1][spread.ordinal()][churnIndex][sizes.length - 1]), x, y);
            series.setLineColor(spread == FleetSpreadSimulation.Spread.RANK ? STARTUP : CONSUL);
            series.setMarker(SeriesMarkers.NONE);
            series.setLineStyle(new BasicStroke(1f));
            charts.add(chart);
        }
        Color[] churnColors = {Color.BLACK, new Color(0xE6, 0x7E, 0x22), NAIVE};
        double max = 1.0;
        for (double[][][] byPhase : ratios) {
            for (double[][] bySpread : byPhase) {
                for (double[] byChurn : bySpread) {
                    for (double r : byChurn) {
                        max = Math.max(max, r);
                    }
                }
            }
        }
        double[] x = new double[sizes.length];
        for (int i = 0; i < sizes.length; i++) {
            x[i] = sizes[i];
        }
        for (FleetSpreadSimulation.Spread spread : spreads) {
            XYChart chart = new XYChartBuilder().width(700).height(420)
                    .title("spread=" + spread.label() + ": peak / mean full syncs per second (median of 5 seeds)")
                    .xAxisTitle("nodes (log scale)").yAxisTitle("peak / mean").build();
            chart.getStyler().setXAxisLogarithmic(true);
            chart.getStyler().setYAxisMin(1.0);
            chart.getStyler().setYAxisMax(Math.ceil(max));
            chart.getStyler().setLegendPosition(LegendPosition.InsideNE);
            chart.getStyler().setChartBackgroundColor(Color.WHITE);
            chart.getStyler().setXAxisDecimalPattern("#,##0");
            chart.getStyler().setYAxisDecimalPattern("0.0#");
            for (int c = 0; c < churns.length; c++) {
                for (int p = 0; p < 2; p++) {
                    XYSeries series = chart.addSeries(
                            (p == 0 ? "first minute" : "steady") + ", churn " + FleetSpreadSimulation.churn(churns[c]),
                            x, ratios[p][spread.ordinal()][c]);
                    series.setLineColor(churnColors[c]);
                    series.setMarkerColor(churnColors[c]);
                    series.setMarker(p == 0 ? SeriesMarkers.DIAMOND : SeriesMarkers.CIRCLE);
                    series.setLineStyle(p == 0
                            ? new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f,
                                    new float[] {6f, 4f}, 0f)
                            : new BasicStroke(2f));
                }
            }
            charts.add(chart);
        }
        try {
            BitmapEncoder.saveBitmap(charts, 2, 2, file.toString(), BitmapFormat.PNG);
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        System.out.println("wrote " + file);
    }

    private static void save(XYChart chart, Path file) {
        try {
            BitmapEncoder.saveBitmap(chart, file.toString(), BitmapFormat.PNG);
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        System.out.println("wrote " + file);
    }
}
