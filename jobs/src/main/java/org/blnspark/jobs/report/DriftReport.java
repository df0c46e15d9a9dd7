package org.blnspark.jobs.report;

import java.util.ArrayList;
import java.util.List;
import org.blnspark.jobs.io.AtomicDirectory;
import org.blnspark.jobs.io.HadoopFiles;
import org.blnspark.jobs.io.Json;
import org.blnspark.model.statistics.StatisticsDrift;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.category.DefaultCategoryDataset;

/**
 * The drift report of scored data: {@value #JSON} (per BLN layer, its summary and every group's
 * shift and variance ratio) and {@value #PAGE} with two plots, published together as one directory.
 */
public final class DriftReport {
  public static final String JSON = "drift.json";
  public static final String PAGE = "index.html";
  /** A layer drifts when its mean absolute shift is above this many population standard deviations... */
  public static final double SHIFT_THRESHOLD = 0.25;
  /** ...or when its median variance ratio is above this, or below its inverse. */
  public static final double RATIO_THRESHOLD = 2.0;

  /** What {@value #JSON} holds. */
  public record Form(String model, String data, double shiftThreshold, double ratioThreshold, boolean drifted,
                     List<LayerForm> layers) {}

  /** One layer in {@value #JSON}. */
  public record LayerForm(String name, boolean drifted, double meanAbsoluteShift, double maxAbsoluteShift,
                          double medianVarianceRatio, double shareShiftedBeyondThreshold, double[] shifts,
                          double[] varianceRatios) {}

  private DriftReport() {}

  /** The report's content. */
  public static Form of(StatisticsDrift drift, String model, String data) {
    List<LayerForm> layers = new ArrayList<>();
    for (StatisticsDrift.Layer layer : drift.layers()) {
      layers.add(new LayerForm(layer.name(), layer.drifted(SHIFT_THRESHOLD, RATIO_THRESHOLD),
          layer.meanAbsoluteShift(), layer.maxAbsoluteShift(), layer.medianVarianceRatio(),
          layer.shareShiftedBeyond(SHIFT_THRESHOLD), layer.shifts(), layer.varianceRatios()));
    }
    return new Form(model, data, SHIFT_THRESHOLD, RATIO_THRESHOLD, layers.stream().anyMatch(LayerForm::drifted),
        layers);
  }

  /** Publishes the report as the directory {@code path}, which must not exist. */
  public static void write(HadoopFiles files, String path, Form report) {
    AtomicDirectory.publish(files, path, directory -> {
      files.writeString(directory + "/" + JSON, Json.write(report));
      chart(files, directory, "mean-shift", report, "Mean |shift| of each layer's input",
          "population standard deviations", LayerForm::meanAbsoluteShift, report.shiftThreshold());
      chart(files, directory, "variance-ratio", report, "Median variance ratio of each layer's input",
          "new variance / population variance", LayerForm::medianVarianceRatio, report.ratioThreshold());
      files.writeString(directory + "/" + PAGE, page(report));
      return null;
    });
  }

  /** One line per drifted layer, for the terminal. */
  public static List<String> warnings(Form report) {
    return report.layers().stream().filter(LayerForm::drifted).map(l -> String.format(
        "drift in %s: mean |shift| %.3f sd (threshold %.2f), median variance ratio %.3f (threshold %.1f)", l.name(),
        l.meanAbsoluteShift(), report.shiftThreshold(), l.medianVarianceRatio(), report.ratioThreshold())).toList();
  }

  private static void chart(HadoopFiles files, String directory, String name, Form report, String title, String axis,
                            java.util.function.ToDoubleFunction<LayerForm> value, double threshold) {
    DefaultCategoryDataset dataset = new DefaultCategoryDataset();
    for (LayerForm layer : report.layers()) {
      dataset.addValue(value.applyAsDouble(layer), "scored data", layer.name());
    }
    JFreeChart chart = ChartFactory.createBarChart(title, "BLN layer", axis, dataset, PlotOrientation.VERTICAL,
        false, false, false);
    CategoryPlot plot = chart.getCategoryPlot();
    plot.getRenderer().setSeriesPaint(0, ChartStyle.BLUE);
    ValueMarker marker = new ValueMarker(threshold, ChartStyle.VERMILLION, new java.awt.BasicStroke(2f));
    marker.setLabel("threshold " + threshold);
    // At the right end, above the line, where no bar's label is and the plot does not clip it.
    marker.setLabelAnchor(RectangleAnchor.TOP_RIGHT);
    marker.setLabelTextAnchor(TextAnchor.BOTTOM_RIGHT);
    plot.addRangeMarker(marker);
    ChartStyle.write(files, directory, name, chart);
  }

  private static String page(Form report) {
    StringBuilder html = new StringBuilder("<!doctype html>\n<html><head><meta charset=\"utf-8\"><title>Drift report"
        + "</title><style>body{font-family:sans-serif;max-width:60em;margin:2em auto}table{border-collapse:collapse}"
        + "td,th{border:1px solid #ccc;padding:2px 8px;text-align:right}.drift{background:#fde0c5}</style></head>"
        + "<body>\n<h1>Drift report</h1>\n");
    html.append("<p>").append(report.drifted() ? "<strong>The scored data has drifted</strong> from the statistics "
        + "the model was trained with, in the highlighted layers." : "No layer's input has drifted beyond the "
        + "thresholds.").append("</p>\n<p>Model <code>").append(escape(report.model())).append("</code>, data <code>")
        .append(escape(report.data())).append("</code>. For every BLN layer, the scored data's statistics of the "
        + "layer's input (a statistics pass with the model's weights) against the population statistics in the "
        + "model: the shift of each feature's mean in population standard deviations, and the ratio of its "
        + "variance to the population's. A layer has drifted when its mean |shift| exceeds ")
        .append(report.shiftThreshold()).append(" or its median variance ratio leaves [1/")
        .append(report.ratioThreshold()).append(", ").append(report.ratioThreshold()).append("]. Every feature's "
        + "values are in <a href=\"").append(JSON).append("\">").append(JSON).append("</a>.</p>\n");
    html.append("<p><img src=\"mean-shift.png\" alt=\"mean shift per layer\"></p>\n"
        + "<p><img src=\"variance-ratio.png\" alt=\"median variance ratio per layer\"></p>\n<table>\n<tr><th>layer</th>"
        + "<th>mean |shift|</th><th>max |shift|</th><th>features shifted &gt; threshold</th>"
        + "<th>median variance ratio</th><th>drifted</th></tr>\n");
    for (LayerForm layer : report.layers()) {
      html.append(String.format("<tr%s><td>%s</td><td>%.3f</td><td>%.3f</td><td>%.1f%%</td><td>%.3f</td><td>%s</td>"
              + "</tr>%n", layer.drifted() ? " class=\"drift\"" : "", escape(layer.name()), layer.meanAbsoluteShift(),
          layer.maxAbsoluteShift(), 100 * layer.shareShiftedBeyondThreshold(), layer.medianVarianceRatio(),
          layer.drifted() ? "yes" : "no"));
    }
    return html.append("</table>\n</body></html>\n").toString();
  }

  private static String escape(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }
}
