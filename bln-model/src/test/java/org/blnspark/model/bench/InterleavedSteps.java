package org.blnspark.model.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.blnspark.model.zoo.Normalization;
import org.blnspark.model.zoo.PaperModel;

/**
 * Training steps of several networks taken in turn, one step each, in one JVM: on a machine shared
 * with other jobs, every network then meets the same load, and the ratio of their times holds where
 * separate runs minutes apart do not. Each network's time is the calling thread's CPU time (ND4J
 * runs its ops on that thread with {@code OMP_NUM_THREADS=1}) and the wall clock, per step.
 *
 * <p>{@code InterleavedSteps WARMUP_S SECONDS MODEL:NORM[:dl4j-conv] ...}: {@code dl4j-conv} builds LeNet
 * with DL4J's own first convolution instead of {@code InputConvolution}. Prints one JSON line per
 * network.
 */
public final class InterleavedSteps {
  private InterleavedSteps() {}

  public static void main(String[] args) {
    double warmup = Double.parseDouble(args[0]);
    double seconds = Double.parseDouble(args[1]);
    List<String> names = new ArrayList<>();
    List<TrainingSteps> networks = new ArrayList<>();
    for (int i = 2; i < args.length; i++) {
      String[] parts = args[i].split(":");
      PaperModel model = PaperModel.valueOf(parts[0].toUpperCase(Locale.ROOT));
      Normalization norm = Normalization.valueOf(parts[1].toUpperCase(Locale.ROOT));
      boolean dl4jConvolution = parts.length > 2 && parts[2].equals("dl4j-conv");
      names.add(args[i]);
      networks.add(new TrainingSteps(model, norm, dl4jConvolution));
    }
    run(networks, warmup);
    double[][] totals = run(networks, seconds);
    for (int n = 0; n < networks.size(); n++) {
      System.out.printf(Locale.ROOT, "{\"network\": \"%s\", \"steps\": %d, \"cpu_ms_per_step\": %.3f, "
          + "\"ms_per_step\": %.3f}%n", names.get(n), (long) totals[n][0], totals[n][1] / totals[n][0],
          totals[n][2] / totals[n][0]);
    }
  }

  /** Steps every network in turn until {@code seconds} have passed: per network, steps, CPU ms and wall ms. */
  private static double[][] run(List<TrainingSteps> networks, double seconds) {
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    double[][] totals = new double[networks.size()][3];
    long end = System.nanoTime() + (long) (seconds * 1e9);
    double sink = 0;
    while (System.nanoTime() < end) {
      for (int n = 0; n < networks.size(); n++) {
        long cpu = threads.getCurrentThreadCpuTime();
        long wall = System.nanoTime();
        sink += networks.get(n).step();
        totals[n][0]++;
        totals[n][1] += (threads.getCurrentThreadCpuTime() - cpu) / 1e6;
        totals[n][2] += (System.nanoTime() - wall) / 1e6;
      }
    }
    if (Double.isNaN(sink)) {
      throw new IllegalStateException("a loss became NaN");
    }
    return totals;
  }
}
