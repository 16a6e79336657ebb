// Runs FleetSpreadProbe for seeds 1-5: REFRESH_S CHURN N K SCALE (SCALE 1: slots = members). See FleetSpreadProbe.
import java.time.Duration;
import dev.antientropy.bench.fleet.*;
public class FleetSpreadProbeMain {
  public static void main(String[] a) {
    double refresh = Double.parseDouble(a[0]);
    double churn = Double.parseDouble(a[1]);
    int n = Integer.parseInt(a[2]);
    FleetSpreadProbe.K = Integer.parseInt(a[3]);
    FleetSpreadProbe.SCALE = Integer.parseInt(a[4]);
    StringBuilder sb = new StringBuilder();
    double[] r = new double[5]; double[] f = new double[5];
    for (int seed = 1; seed <= 5; seed++) {
      var run = FleetSpreadProbe.run(n, FleetSpreadProbe.Spread.RANK, churn, seed, FleetSimulation.HORIZON, Duration.ofMillis((long) (refresh * 1000)));
      var st = run.load(600, 1800);
      var fm = run.load(0, 60);
      r[seed-1] = st.peakToMean(); f[seed-1] = fm.peakToMean();
      sb.append(String.format(" %.0f/%.2f", st.peak(), st.mean()));
    }
    java.util.Arrays.sort(r); java.util.Arrays.sort(f);
    System.out.printf("refresh %s churn %s n %d K %d S %d: steady median %.3f [%.3f..%.3f] first median %.3f [%.3f..%.3f] |%s%n", a[0], a[1], n, FleetSpreadProbe.K, FleetSpreadProbe.SCALE, r[2], r[0], r[4], f[2], f[0], f[4], sb);
  }
}
