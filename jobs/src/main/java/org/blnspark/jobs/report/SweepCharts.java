package org.blnspark.jobs.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.text.DecimalFormat;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.ToDoubleFunction;
import java.util.stream.Collectors;
import org.blnspark.jobs.io.HadoopFiles;
import org.blnspark.jobs.run.EpochMetrics;
import org.blnspark.jobs.run.SweepCell;
import org.blnspark.model.zoo.Normalization;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * The sweep's PNG plots, drawn with JFreeChart: test accuracy against per-worker batch size, and
 * validation loss and accuracy per epoch for each batch size and worker count. Curves and points
 * are means over seeds.
 */
final class SweepCharts {
  private static final int WIDTH = 720;
  private static final int HEIGHT = 440;
  private static final Color[] COLOURS = {new Color(31, 119, 180), new Color(214, 39, 40), new Color(44, 160, 44),
      new Color(148, 103, 189), new Color(255, 127, 14)};
  private static final BasicStroke[] LINES = {new BasicStroke(2f),
      new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {8f, 5f}, 0f),
      new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {2f, 4f}, 0f)};

  private SweepCharts() {}

  /** Draws every plot into {@code directory} and returns their file names, the batch-size plot first. */
  static List<String> write(HadoopFiles files, String directory, List<SweepCell> cells) {
    List<String> plots = new ArrayList<>();
    plots.add(plot(files, directory, "test-accuracy-vs-batch-size", finalAccuracy(cells),
        "Test accuracy against per-worker batch size", "test accuracy", true));
    for (Map.Entry<String, List<SweepCell>> group : byBatchAndWorkers(cells).entrySet()) {
      SweepCell first = group.getValue().get(0);
      String setting = "batch size " + first.batchSize() + ", " + workersLabel(first.workers());
      plots.add(plot(files, directory, "loss-" + group.getKey(), curves(group.getValue(), EpochMetrics::validationLoss),
          "Validation loss per epoch, " + setting, "validation loss", false));
      plots.add(plot(files, directory, "accuracy-" + group.getKey(),
          curves(group.getValue(), EpochMetrics::validationAccuracy),
          "Validation accuracy per epoch, " + setting, "validation accuracy", false));
    }
    return plots;
  }

  private static Map<String, List<SweepCell>> byBatchAndWorkers(List<SweepCell> cells) {
    return cells.stream().collect(Collectors.groupingBy(c -> String.format("b%03d-w%d", c.batchSize(), c.workers()),
        TreeMap::new, Collectors.toList()));
  }

  /** One series per norm: the metric per epoch, averaged over seeds. */
  private static XYSeriesCollection curves(List<SweepCell> cells, ToDoubleFunction<EpochMetrics> metric) {
    XYSeriesCollection dataset = new XYSeriesCollection();
    cells.stream().collect(Collectors.groupingBy(c -> c.norm().name(), TreeMap::new, Collectors.toList()))
        .forEach((norm, runs) -> {
          XYSeries series = new XYSeries(norm);
          int epochs = runs.stream().mapToInt(r -> r.metrics().size()).min().orElse(0);
          for (int e = 0; e < epochs; e++) {
            int epoch = e;
            series.add(epoch + 1, runs.stream().mapToDouble(r -> metric.applyAsDouble(r.metrics().get(epoch)))
                .average().orElse(Double.NaN));
          }
          dataset.addSeries(series);
        });
    return dataset;
  }

  /** A curve of the batch-size plot: one norm at one worker count. */
  private record Curve(Normalization norm, int workers) implements Comparable<Curve> {
    @Override
    public int compareTo(Curve other) {
      return Comparator.comparing((Curve c) -> c.norm().name()).thenComparingInt(Curve::workers).compare(this, other);
    }

    @Override
    public String toString() {
      return norm + ", " + workersLabel(workers);
    }
  }

  /** One series per norm and worker count: mean test accuracy against batch size. */
  private static XYSeriesCollection finalAccuracy(List<SweepCell> cells) {
    XYSeriesCollection dataset = new XYSeriesCollection();
    cells.stream().collect(Collectors.groupingBy(c -> new Curve(c.norm(), c.workers()), TreeMap::new,
        Collectors.toList())).forEach((curve, runs) -> {
          XYSeries series = new XYSeries(curve);
          for (int batchSize : new TreeSet<>(runs.stream().map(SweepCell::batchSize).toList())) {
            series.add(batchSize, runs.stream().filter(r -> r.batchSize() == batchSize)
                .mapToDouble(r -> r.evaluation().testAccuracy()).average().orElse(Double.NaN));
          }
          dataset.addSeries(series);
        });
    return dataset;
  }

  private static String plot(HadoopFiles files, String directory, String name, XYSeriesCollection data, String title,
                             String yLabel, boolean againstBatchSize) {
    JFreeChart chart = ChartFactory.createXYLineChart(title, againstBatchSize ? "per-worker batch size" : "epoch",
        yLabel, data, PlotOrientation.VERTICAL, true, false, false);
    XYPlot plot = chart.getXYPlot();
    plot.setBackgroundPaint(Color.WHITE);
    plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
    plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
    XYLineAndShapeRenderer renderer = (XYLineAndShapeRenderer) plot.getRenderer();
    renderer.setDefaultShapesVisible(true);
    if (againstBatchSize) {
      // Batch sizes are powers of two; the series are the finalAccuracy curves.
      LogAxis axis = new LogAxis(plot.getDomainAxis().getLabel());
      axis.setBase(2);
      axis.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
      axis.setNumberFormatOverride(new DecimalFormat("0"));
      plot.setDomainAxis(axis);
      styleCurves(renderer, data);
    } else {
      ((NumberAxis) plot.getDomainAxis()).setStandardTickUnits(NumberAxis.createIntegerTickUnits());
    }
    String file = name + ".png";
    files.write(directory + "/" + file, out -> ChartUtils.writeChartAsPNG(out, chart, WIDTH, HEIGHT));
    return file;
  }

  /** A colour per worker count and a line style per norm, so that the six or more curves read apart. */
  private static void styleCurves(XYLineAndShapeRenderer renderer, XYSeriesCollection data) {
    List<Curve> curves = new ArrayList<>();
    for (int i = 0; i < data.getSeriesCount(); i++) {
      curves.add((Curve) data.getSeriesKey(i));
    }
    List<Integer> workerCounts = curves.stream().map(Curve::workers).distinct().sorted().toList();
    List<Normalization> norms = curves.stream().map(Curve::norm).distinct()
        .sorted(Comparator.comparing(Normalization::name)).toList();
    for (int i = 0; i < curves.size(); i++) {
      renderer.setSeriesPaint(i, COLOURS[workerCounts.indexOf(curves.get(i).workers()) % COLOURS.length]);
      renderer.setSeriesStroke(i, LINES[norms.indexOf(curves.get(i).norm()) % LINES.length]);
    }
  }

  static String workersLabel(int count) {
    return count + (count == 1 ? " worker" : " workers");
  }
}
