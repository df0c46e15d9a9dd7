package org.blnspark.jobs.report;

import java.awt.BasicStroke;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import org.blnspark.jobs.io.HadoopFiles;
import org.blnspark.jobs.run.Arm;
import org.blnspark.jobs.run.EpochMetrics;
import org.blnspark.jobs.run.EvaluationReport;
import org.blnspark.model.zoo.Normalization;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * The quickstart's report.html, self-contained: the learning curves of every norm trained, the 16
 * inference configurations' validation accuracy with the chosen one marked, the test result, and
 * the commands to go further.
 */
public final class QuickstartReport {
  public static final String PAGE = "report.html";

  /** One norm's run: its curves and its evaluation. */
  public record Run(Normalization norm, List<EpochMetrics> metrics, EvaluationReport evaluation) {}

  private QuickstartReport() {}

  /**
   * Writes the page and its plots into {@code directory}; returns the page's path.
   *
   * @param runs BLN first, then any norm it is compared with
   * @param commands the commands to go further, with what each does
   */
  public static String write(HadoopFiles files, String directory, List<Run> runs, int batchSize,
                             Map<String, String> commands) {
    List<String> plots = new ArrayList<>();
    plots.add(ChartStyle.write(files, directory, "loss", curves(runs, "Loss per epoch (solid: validation, "
        + "dashed: training)", "loss", EpochMetrics::validationLoss, EpochMetrics::trainLoss)));
    plots.add(ChartStyle.write(files, directory, "accuracy", curves(runs, "Validation accuracy per epoch",
        "validation accuracy", EpochMetrics::validationAccuracy, null)));
    Run bln = runs.get(0);
    plots.add(ChartStyle.write(files, directory, "inference-configurations", configurations(bln.evaluation())));
    String page = directory + "/" + PAGE;
    files.writeString(page, html(runs, batchSize, plots, commands));
    return page;
  }

  /** Who won at this batch size, in one line. */
  public static String verdict(List<Run> runs, int batchSize) {
    Run best = runs.stream().max(java.util.Comparator.comparingDouble(r -> r.evaluation().testAccuracy()))
        .orElseThrow();
    StringBuilder line = new StringBuilder(String.format("at batch size %d, %s won: test accuracy", batchSize,
        best.norm()));
    for (Run run : runs) {
      line.append(String.format(" %s %.4f", run.norm(), run.evaluation().testAccuracy()));
    }
    return line.toString();
  }

  private static JFreeChart curves(List<Run> runs, String title, String yLabel, ToDoubleFunction<EpochMetrics> solid,
                                   ToDoubleFunction<EpochMetrics> dashed) {
    XYSeriesCollection data = new XYSeriesCollection();
    List<Normalization> norms = new ArrayList<>();
    for (Run run : runs) {
      data.addSeries(series(run, run.norm() + (dashed == null ? "" : " validation"), solid));
      norms.add(run.norm());
      if (dashed != null) {
        data.addSeries(series(run, run.norm() + " training", dashed));
        norms.add(run.norm());
      }
    }
    JFreeChart chart = ChartFactory.createXYLineChart(title, "epoch", yLabel, data, PlotOrientation.VERTICAL, true,
        false, false);
    XYPlot plot = chart.getXYPlot();
    XYLineAndShapeRenderer renderer = (XYLineAndShapeRenderer) plot.getRenderer();
    renderer.setDefaultShapesVisible(true);
    for (int i = 0; i < norms.size(); i++) {
      renderer.setSeriesPaint(i, ChartStyle.of(Arm.of(norms.get(i))));
      renderer.setSeriesStroke(i, dashed != null && i % 2 == 1 ? ChartStyle.dash(1) : new BasicStroke(2f));
    }
    ((NumberAxis) plot.getDomainAxis()).setStandardTickUnits(NumberAxis.createIntegerTickUnits());
    return chart;
  }

  private static XYSeries series(Run run, String name, ToDoubleFunction<EpochMetrics> value) {
    XYSeries series = new XYSeries(name);
    run.metrics().forEach(m -> series.add(m.epoch(), value.applyAsDouble(m)));
    return series;
  }

  /** The validation accuracy of each configuration, the chosen one in another colour. */
  private static JFreeChart configurations(EvaluationReport evaluation) {
    DefaultCategoryDataset data = new DefaultCategoryDataset();
    evaluation.validationAccuracy().forEach((code, accuracy) -> data.addValue(accuracy,
        code.equals(evaluation.chosen()) ? "chosen" : "other", code));
    JFreeChart chart = ChartFactory.createBarChart("BLN's 16 inference configurations: validation accuracy",
        "configuration: batch mean, batch var., feature mean, feature var. (P population, B mini-batch)",
        "validation accuracy", data, PlotOrientation.VERTICAL, true, false, false);
    CategoryPlot plot = chart.getCategoryPlot();
    BarRenderer renderer = (BarRenderer) plot.getRenderer();
    // One row per series: the chosen bar stands out, the others share one colour.
    renderer.setItemMargin(-1.0);
    for (int row = 0; row < data.getRowCount(); row++) {
      renderer.setSeriesPaint(row, data.getRowKey(row).equals("chosen") ? ChartStyle.VERMILLION : ChartStyle.BLUE);
    }
    double low = evaluation.validationAccuracy().values().stream().mapToDouble(Double::doubleValue).min().orElse(0);
    ((NumberAxis) plot.getRangeAxis()).setLowerBound(Math.max(0, low - 0.05));
    plot.getDomainAxis().setCategoryLabelPositions(org.jfree.chart.axis.CategoryLabelPositions.UP_45);
    return chart;
  }

  private static String html(List<Run> runs, int batchSize, List<String> plots, Map<String, String> commands) {
    Run bln = runs.get(0);
    EvaluationReport e = bln.evaluation();
    StringBuilder html = new StringBuilder("<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
        + "<meta name=\"viewport\" content=\"width=device-width\"><title>BLN quickstart</title><style>"
        + "body{font-family:sans-serif;max-width:62em;margin:2em auto;padding:0 1em;color:#222}"
        + "img{max-width:100%;border:1px solid #eee}.result{font-size:1.3em}pre{background:#f6f6f6;padding:.6em;"
        + "overflow-x:auto}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:3px 9px;"
        + "text-align:right}</style></head><body>\n<h1>BLN quickstart: LeNet on Fashion-MNIST</h1>\n");
    html.append(String.format("<p class=\"result\">Test accuracy <strong>%.4f</strong> on %d images, with BLN's "
            + "inference configuration <strong>%s</strong>, chosen on the validation split.</p>%n",
        e.testAccuracy(), e.testExamples(), e.chosen()));
    if (runs.size() > 1) {
      html.append("<p>").append(verdict(runs, batchSize)).append(".</p>\n<table><tr><th>norm</th>"
          + "<th>test accuracy</th><th>test loss</th></tr>\n");
      for (Run run : runs) {
        html.append(String.format("<tr><td>%s</td><td>%.4f</td><td>%.4f</td></tr>%n", run.norm(),
            run.evaluation().testAccuracy(), run.evaluation().testLoss()));
      }
      html.append("</table>\n");
    }
    html.append(String.format("<p>Per-worker batch size %d. Loss is the mean cross-entropy; validation uses BLN's "
        + "default configuration (PPBB) while training, and the test the chosen one.</p>%n", batchSize));
    for (String plot : plots) {
      html.append("<p><img src=\"").append(plot).append("\" alt=\"").append(plot.replace(".png", ""))
          .append("\"></p>\n");
    }
    html.append("<h2>Going further</h2>\n");
    commands.forEach((what, command) -> html.append("<p>").append(what).append("</p>\n<pre>").append(command
        .replace("&", "&amp;").replace("<", "&lt;")).append("</pre>\n"));
    return html.append("</body></html>\n").toString();
  }

  /** The commands the page suggests, for the quickstart's own data and model. */
  public static Map<String, String> commands(String data, String model) {
    Map<String, String> commands = new LinkedHashMap<>();
    commands.put("Train again with other settings (here: batch size 1, BN instead of BLN, five epochs):",
        "bin/bln train --data " + data + " --output out/lenet-bn-b1 --model lenet --norm bn --batch-size 1 --epochs 5");
    commands.put("The batch-size study, BLN against BN, LN and no normalisation, with paired tests:",
        "bin/bln sweep --data " + data + " --output out/sweep --batch-sizes 1,8,25 --workers-list 1,2 --seeds 1,2,3");
    commands.put("Predictions for every test image, as Parquet, and a drift report:",
        "bin/bln predict --model " + model + " --data " + data + " --output out/predictions --drift-report out/drift");
    commands.put("The same on a cluster (docs/cluster.md):",
        "spark-submit --class org.blnspark.jobs.BlnCli --master spark://HOST:7077 --properties-file ~/.bln-spark.conf "
            + "jobs/target/bln-jobs.jar evaluate --model hdfs:///runs/lenet/model.zip --data hdfs:///data/fmnist");
    return commands;
  }
}
