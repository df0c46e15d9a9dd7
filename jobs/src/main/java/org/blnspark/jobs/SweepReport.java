package org.blnspark.jobs;

import java.awt.BasicStroke;
import java.awt.Color;
import java.text.DecimalFormat;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.ToDoubleFunction;
import java.util.stream.Collectors;
import org.apache.commons.math3.stat.descriptive.SummaryStatistics;
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
 * The study's report: results.csv (one row per cell and epoch), summary.csv (test accuracy over
 * seeds per norm, batch size and workers), PNG plots drawn with JFreeChart, and index.html, which
 * shows the plots and both tables. Curves and points are means over seeds.
 */
final class SweepReport {
  private static final int WIDTH = 720;
  private static final int HEIGHT = 440;
  private static final Color[] COLOURS = {new Color(31, 119, 180), new Color(214, 39, 40), new Color(44, 160, 44),
      new Color(148, 103, 189), new Color(255, 127, 14)};
  private static final BasicStroke[] LINES = {new BasicStroke(2f),
      new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {8f, 5f}, 0f),
      new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {2f, 4f}, 0f)};

  private SweepReport() {}

  /** Writes the report and returns the path of its HTML page. */
  static String write(HadoopFiles files, String directory, List<SweepCell> cells) {
    files.writeString(directory + "/results.csv", csv(cells));
    Map<Setting, SummaryStatistics> summary = summary(cells);
    files.writeString(directory + "/summary.csv", summaryCsv(summary));
    List<String> plots = new ArrayList<>();
    for (Map.Entry<String, List<SweepCell>> group : byBatchAndWorkers(cells).entrySet()) {
      SweepCell first = group.getValue().get(0);
      String setting = "batch size " + first.batchSize() + ", " + workersLabel(first.workers());
      plots.add(plot(files, directory, "loss-" + group.getKey(), curves(group.getValue(), EpochMetrics::validationLoss),
          "Validation loss per epoch, " + setting, "validation loss", false));
      plots.add(plot(files, directory, "accuracy-" + group.getKey(),
          curves(group.getValue(), EpochMetrics::validationAccuracy),
          "Validation accuracy per epoch, " + setting, "validation accuracy", false));
    }
    plots.add(0, plot(files, directory, "test-accuracy-vs-batch-size", finalAccuracy(cells),
        "Test accuracy against per-worker batch size", "test accuracy", true));
    String page = directory + "/index.html";
    files.writeString(page, html(cells, summary, plots));
    return page;
  }

  private static String csv(List<SweepCell> cells) {
    StringBuilder csv = new StringBuilder("norm,batch_size,workers,seed,epoch,train_loss,validation_loss,"
        + "validation_accuracy,seconds,chosen_inference,test_accuracy\n");
    for (SweepCell cell : cells) {
      for (EpochMetrics m : cell.metrics()) {
        csv.append(String.join(",", cell.norm(), "" + cell.batchSize(), "" + cell.workers(), "" + cell.seed(),
            "" + m.epoch(), "" + m.trainLoss(), "" + m.validationLoss(), "" + m.validationAccuracy(), "" + m.seconds(),
            cell.evaluation().chosen(), "" + cell.evaluation().testAccuracy())).append('\n');
      }
    }
    return csv.toString();
  }

  /** One row of summary.csv: the cells that differ only in their seed. */
  private record Setting(String norm, int batchSize, int workers) {}

  /** Test accuracy over seeds, per setting, in the order of results.csv. */
  private static Map<Setting, SummaryStatistics> summary(List<SweepCell> cells) {
    Map<Setting, SummaryStatistics> summary = new LinkedHashMap<>();
    for (SweepCell cell : cells) {
      summary.computeIfAbsent(new Setting(cell.norm(), cell.batchSize(), cell.workers()), k -> new SummaryStatistics())
          .addValue(cell.evaluation().testAccuracy());
    }
    return summary;
  }

  private static String summaryCsv(Map<Setting, SummaryStatistics> summary) {
    StringBuilder csv = new StringBuilder("norm,batch_size,workers,seeds,test_accuracy_mean,test_accuracy_sd,"
        + "test_accuracy_min,test_accuracy_max\n");
    summary.forEach((key, stats) -> csv.append(String.join(",", key.norm(), "" + key.batchSize(), "" + key.workers(),
        "" + stats.getN(), "" + stats.getMean(),
        "" + stats.getStandardDeviation(), "" + stats.getMin(), "" + stats.getMax())).append('\n'));
    return csv.toString();
  }

  private static Map<String, List<SweepCell>> byBatchAndWorkers(List<SweepCell> cells) {
    return cells.stream().collect(Collectors.groupingBy(c -> String.format("b%03d-w%d", c.batchSize(), c.workers()),
        TreeMap::new, Collectors.toList()));
  }

  /** One series per norm: the metric per epoch, averaged over seeds. */
  private static XYSeriesCollection curves(List<SweepCell> cells, ToDoubleFunction<EpochMetrics> metric) {
    XYSeriesCollection dataset = new XYSeriesCollection();
    cells.stream().collect(Collectors.groupingBy(SweepCell::norm, TreeMap::new, Collectors.toList()))
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
  private record Curve(String norm, int workers) implements Comparable<Curve> {
    @Override
    public int compareTo(Curve other) {
      return Comparator.comparing(Curve::norm).thenComparingInt(Curve::workers).compare(this, other);
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
    JFreeChart chart = ChartFactory.createXYLineChart(title, againstBatchSize ? "per-worker batch size" : "epoch", yLabel,
        data, PlotOrientation.VERTICAL, true, false, false);
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
    List<String> norms = curves.stream().map(Curve::norm).distinct().sorted().toList();
    for (int i = 0; i < curves.size(); i++) {
      renderer.setSeriesPaint(i, COLOURS[workerCounts.indexOf(curves.get(i).workers()) % COLOURS.length]);
      renderer.setSeriesStroke(i, LINES[norms.indexOf(curves.get(i).norm()) % LINES.length]);
    }
  }

  private static String workersLabel(int count) {
    return count + (count == 1 ? " worker" : " workers");
  }

  private static String html(List<SweepCell> cells, Map<Setting, SummaryStatistics> summary, List<String> plots) {
    StringBuilder html = new StringBuilder("<!doctype html>\n<html><head><meta charset=\"utf-8\">"
        + "<title>BLN batch-size study</title><style>body{font-family:sans-serif;max-width:60em;margin:2em auto}"
        + "table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:2px 8px;text-align:right}</style>"
        + "</head><body>\n<h1>BLN batch-size study</h1>\n<p>Data: <a href=\"results.csv\">results.csv</a>, "
        + "<a href=\"summary.csv\">summary.csv</a>. "
        + "Each test accuracy is for the inference configuration chosen on validation.</p>\n<table>\n"
        + "<tr><th>norm</th><th>batch size</th><th>workers</th><th>seeds</th><th>mean test accuracy</th>"
        + "<th>sd</th></tr>\n");
    summary.forEach((key, stats) -> html.append(String.format(
        "<tr><td>%s</td><td>%d</td><td>%d</td><td>%d</td><td>%.4f</td><td>%.4f</td></tr>%n",
        key.norm(), key.batchSize(), key.workers(), stats.getN(), stats.getMean(), stats.getStandardDeviation())));
    html.append("</table>\n<table>\n"
        + "<tr><th>norm</th><th>batch size</th><th>workers</th><th>seed</th><th>chosen</th><th>test accuracy</th></tr>\n");
    for (SweepCell cell : cells) {
      html.append(String.format("<tr><td>%s</td><td>%d</td><td>%d</td><td>%d</td><td>%s</td><td>%.4f</td></tr>%n",
          cell.norm(), cell.batchSize(), cell.workers(), cell.seed(), cell.evaluation().chosen(),
          cell.evaluation().testAccuracy()));
    }
    html.append("</table>\n");
    for (String plot : plots) {
      html.append("<p><img src=\"").append(plot).append("\" alt=\"").append(plot).append("\"></p>\n");
    }
    return html.append("</body></html>\n").toString();
  }
}
