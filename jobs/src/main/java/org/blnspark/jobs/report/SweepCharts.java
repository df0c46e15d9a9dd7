package org.blnspark.jobs.report;

import java.awt.BasicStroke;
import java.text.DecimalFormat;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.ToDoubleFunction;
import java.util.stream.Collectors;
import org.apache.commons.math3.stat.descriptive.SummaryStatistics;
import org.blnspark.jobs.io.HadoopFiles;
import org.blnspark.jobs.run.EpochMetrics;
import org.blnspark.jobs.run.SweepCell;
import org.blnspark.jobs.run.Arm;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.DeviationRenderer;
import org.jfree.chart.renderer.xy.XYErrorRenderer;
import org.jfree.data.Range;
import org.jfree.data.general.DatasetUtils;
import org.jfree.data.xy.YIntervalSeries;
import org.jfree.data.xy.YIntervalSeriesCollection;

/**
 * The sweep's PNG plots, drawn with JFreeChart in the reports' one style ({@link ChartStyle}):
 * test accuracy against per-worker batch size, BLN's differences from the other norms over seeds with
 * their 95% intervals, and validation loss and accuracy per epoch for each batch size and worker
 * count. Curves are means over seeds, with a band of ± one standard deviation.
 */
final class SweepCharts {
  private SweepCharts() {}

  /** Draws every plot into {@code directory} and returns their file names, the summary plots first. */
  static List<String> write(HadoopFiles files, String directory, List<SweepCell> cells, SweepSummary summary) {
    List<String> plots = new ArrayList<>();
    plots.add(ChartStyle.write(files, directory, "test-accuracy-vs-batch-size", againstBatchSize(
        "Test accuracy against per-worker batch size (mean ± sd over seeds)", "test accuracy", finalAccuracy(cells),
        false)));
    List<NormComparison> blnAgainstOthers = summary.normComparisons().stream()
        .filter(c -> c.first().arm() == Arm.BLN).toList();
    if (!blnAgainstOthers.isEmpty()) {
      plots.add(ChartStyle.write(files, directory, "paired-differences", againstBatchSize(
          "BLN minus each other norm: test accuracy, mean over seeds, 95% t-interval", "difference in test accuracy",
          differences(blnAgainstOthers), true)));
    }
    for (Map.Entry<String, List<SweepCell>> group : byBatchAndWorkers(cells).entrySet()) {
      SweepCell first = group.getValue().get(0);
      String setting = "batch size " + first.batchSize() + ", " + workersLabel(first.workers());
      plots.add(ChartStyle.write(files, directory, "loss-" + group.getKey(), perEpoch("Validation loss per epoch, "
          + setting, "validation loss", group.getValue(), EpochMetrics::validationLoss)));
      plots.add(ChartStyle.write(files, directory, "accuracy-" + group.getKey(), perEpoch(
          "Validation accuracy per epoch, " + setting, "validation accuracy", group.getValue(),
          EpochMetrics::validationAccuracy)));
    }
    return plots;
  }

  private static Map<String, List<SweepCell>> byBatchAndWorkers(List<SweepCell> cells) {
    return cells.stream().collect(Collectors.groupingBy(c -> String.format("b%03d-w%d", c.batchSize(), c.workers()),
        TreeMap::new, Collectors.toList()));
  }

  /** What a series of the batch-size plots is about: a norm (its colour) at a worker count (its line). */
  private sealed interface SeriesKey extends Comparable<SeriesKey> permits Curve, Versus {
    Arm arm();

    int workers();

    @Override
    default int compareTo(SeriesKey other) {
      return Comparator.comparing((SeriesKey k) -> k.arm().ordinal()).thenComparingInt(SeriesKey::workers)
          .compare(this, other);
    }
  }

  /** One norm's test accuracy at one worker count. */
  private record Curve(Arm arm, int workers) implements SeriesKey {
    @Override
    public String toString() {
      return arm + ", " + workersLabel(workers);
    }
  }

  /** BLN minus the norm {@code norm} at one worker count. */
  private record Versus(Arm arm, int workers) implements SeriesKey {
    @Override
    public String toString() {
      return "BLN − " + arm + ", " + workersLabel(workers);
    }
  }

  /** One series per norm and worker count: test accuracy against batch size, mean ± sd over seeds. */
  private static YIntervalSeriesCollection finalAccuracy(List<SweepCell> cells) {
    YIntervalSeriesCollection dataset = new YIntervalSeriesCollection();
    cells.stream().collect(Collectors.groupingBy(c -> new Curve(c.arm(), c.workers()), TreeMap::new,
        Collectors.toList())).forEach((curve, runs) -> {
          YIntervalSeries series = new YIntervalSeries(curve);
          for (int batchSize : new TreeSet<>(runs.stream().map(SweepCell::batchSize).toList())) {
            SummaryStatistics stats = new SummaryStatistics();
            runs.stream().filter(r -> r.batchSize() == batchSize).forEach(r -> stats.addValue(
                r.evaluation().testAccuracy()));
            addMeanAndSd(series, batchSize, stats);
          }
          dataset.addSeries(series);
        });
    return dataset;
  }

  /**
   * One series per other norm and worker count: BLN's mean difference over seeds with its 95%
   * t-interval; a single seed has no interval, so its bar is the mean alone.
   */
  private static YIntervalSeriesCollection differences(List<NormComparison> comparisons) {
    Map<Versus, YIntervalSeries> series = new TreeMap<>();
    for (NormComparison c : comparisons) {
      SeedInference.Interval d = c.difference();
      series.computeIfAbsent(new Versus(c.second().arm(), c.second().workers()), YIntervalSeries::new)
          .add(c.second().batchSize(), d.mean(), Double.isNaN(d.low()) ? d.mean() : d.low(),
              Double.isNaN(d.high()) ? d.mean() : d.high());
    }
    YIntervalSeriesCollection dataset = new YIntervalSeriesCollection();
    series.values().forEach(dataset::addSeries);
    return dataset;
  }

  /** One series per norm: the metric per epoch, mean ± sd over seeds. */
  private static JFreeChart perEpoch(String title, String yLabel, List<SweepCell> cells,
                                     ToDoubleFunction<EpochMetrics> metric) {
    YIntervalSeriesCollection dataset = new YIntervalSeriesCollection();
    List<Arm> norms = new ArrayList<>();
    // BN_RECOMPUTED's network is BN's: its training curves are BN's, drawn once.
    cells.stream().filter(c -> c.arm() != Arm.BN_RECOMPUTED)
        .collect(Collectors.groupingBy(SweepCell::arm, TreeMap::new, Collectors.toList()))
        .forEach((norm, runs) -> {
          YIntervalSeries series = new YIntervalSeries(norm.name());
          int epochs = runs.stream().mapToInt(r -> r.metrics().size()).min().orElse(0);
          for (int e = 0; e < epochs; e++) {
            SummaryStatistics stats = new SummaryStatistics();
            for (SweepCell run : runs) {
              stats.addValue(metric.applyAsDouble(run.metrics().get(e)));
            }
            addMeanAndSd(series, e + 1, stats);
          }
          dataset.addSeries(series);
          norms.add(norm);
        });
    JFreeChart chart = ChartFactory.createXYLineChart(title, "epoch", yLabel, dataset, PlotOrientation.VERTICAL, true,
        false, false);
    XYPlot plot = chart.getXYPlot();
    DeviationRenderer renderer = new DeviationRenderer(true, true);
    for (int i = 0; i < norms.size(); i++) {
      renderer.setSeriesPaint(i, ChartStyle.of(norms.get(i)));
      renderer.setSeriesFillPaint(i, ChartStyle.of(norms.get(i)));
      renderer.setSeriesStroke(i, ChartStyle.dash(i));
    }
    renderer.setAlpha(0.2f);
    plot.setRenderer(renderer);
    ((NumberAxis) plot.getDomainAxis()).setStandardTickUnits(NumberAxis.createIntegerTickUnits());
    return chart;
  }

  /**
   * Curves against batch size on a log axis: each norm in its colour, each worker count in its line
   * style; as bands of ± sd, or as points with error bars ({@code errorBars}) and a line at zero.
   */
  private static JFreeChart againstBatchSize(String title, String yLabel, YIntervalSeriesCollection data,
                                             boolean errorBars) {
    JFreeChart chart = ChartFactory.createXYLineChart(title, "per-worker batch size", yLabel, data,
        PlotOrientation.VERTICAL, true, false, false);
    XYPlot plot = chart.getXYPlot();
    List<Integer> workerCounts = new ArrayList<>();
    for (int i = 0; i < data.getSeriesCount(); i++) {
      int workers = ((SeriesKey) data.getSeriesKey(i)).workers();
      if (!workerCounts.contains(workers)) {
        workerCounts.add(workers);
      }
    }
    workerCounts.sort(null);
    Range batchSizes = DatasetUtils.findDomainBounds(data);
    // A band needs two batch sizes to span; a single one gets its bar.
    if (errorBars || batchSizes.getLength() == 0) {
      XYErrorRenderer renderer = new XYErrorRenderer();
      renderer.setDrawXError(false);
      renderer.setDefaultLinesVisible(true);
      renderer.setErrorStroke(new BasicStroke(1.5f));
      style(renderer, data, workerCounts);
      plot.setRenderer(renderer);
      plot.addRangeMarker(new ValueMarker(0, ChartStyle.BLACK, new BasicStroke(1f)));
    } else {
      DeviationRenderer renderer = new DeviationRenderer(true, true);
      style(renderer, data, workerCounts);
      renderer.setAlpha(0.2f);
      plot.setRenderer(renderer);
    }
    // Batch sizes are powers of two.
    LogAxis axis = new LogAxis(plot.getDomainAxis().getLabel());
    axis.setBase(2);
    axis.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
    axis.setNumberFormatOverride(new DecimalFormat("0.##"));
    // A factor of two either side, so that a sweep of one batch size still has ticks to read it by.
    axis.setRange(batchSizes.getLowerBound() / 2, batchSizes.getUpperBound() * 2);
    plot.setDomainAxis(axis);
    return chart;
  }

  private static void style(org.jfree.chart.renderer.xy.XYLineAndShapeRenderer renderer,
                            YIntervalSeriesCollection data, List<Integer> workerCounts) {
    for (int i = 0; i < data.getSeriesCount(); i++) {
      SeriesKey key = (SeriesKey) data.getSeriesKey(i);
      java.awt.Color colour = ChartStyle.of(key.arm());
      renderer.setSeriesPaint(i, colour);
      renderer.setSeriesFillPaint(i, colour);
      renderer.setSeriesStroke(i, ChartStyle.dash(workerCounts.indexOf(key.workers())));
    }
  }

  private static void addMeanAndSd(YIntervalSeries series, double x, SummaryStatistics stats) {
    double sd = stats.getN() > 1 ? stats.getStandardDeviation() : 0;
    series.add(x, stats.getMean(), stats.getMean() - sd, stats.getMean() + sd);
  }

  static String workersLabel(int count) {
    return count + (count == 1 ? " worker" : " workers");
  }
}
