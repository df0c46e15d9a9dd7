package org.blnspark.jobs.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Stroke;
import org.blnspark.jobs.io.HadoopFiles;
import org.blnspark.jobs.run.Arm;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.Plot;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.plot.CategoryPlot;

/**
 * The one figure style of every report: white plots with light grid lines, the same size and fonts,
 * and each norm in the same colour everywhere, from Okabe and Ito's palette, which readers with
 * any common colour-vision deficiency tell apart (its yellow, invisible on white, is left out).
 */
final class ChartStyle {
  static final int WIDTH = 720;
  static final int HEIGHT = 440;
  /** Okabe–Ito: blue, vermillion, bluish green, orange, reddish purple, sky blue, black. */
  static final Color BLUE = new Color(0, 114, 178);
  static final Color VERMILLION = new Color(213, 94, 0);
  static final Color GREEN = new Color(0, 158, 115);
  static final Color ORANGE = new Color(230, 159, 0);
  static final Color PURPLE = new Color(204, 121, 167);
  static final Color SKY = new Color(86, 180, 233);
  static final Color BLACK = Color.BLACK;
  private static final Color[] SEQUENCE = {BLUE, VERMILLION, GREEN, ORANGE, PURPLE, SKY, BLACK};
  private static final BasicStroke[] DASHES = {new BasicStroke(2f),
      new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {8f, 5f}, 0f),
      new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {2f, 4f}, 0f),
      new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {8f, 4f, 2f, 4f}, 0f)};

  private ChartStyle() {}

  /** The colour of an arm of the study, the same on every page. */
  static Color of(Arm arm) {
    return switch (arm) {
      case BLN -> BLUE;
      case BN -> VERMILLION;
      case BN_RECOMPUTED -> ORANGE;
      case LN -> GREEN;
      case NONE -> BLACK;
    };
  }

  /** The i-th colour for series that are not norms. */
  static Color nth(int i) {
    return SEQUENCE[i % SEQUENCE.length];
  }

  /** The i-th line style: solid, dashed, dotted, dash-dot. */
  static Stroke dash(int i) {
    return DASHES[i % DASHES.length];
  }

  /** White background, light grid lines, the report's fonts. */
  static JFreeChart apply(JFreeChart chart) {
    chart.setBackgroundPaint(Color.WHITE);
    chart.getTitle().setFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
    Plot plot = chart.getPlot();
    plot.setBackgroundPaint(Color.WHITE);
    if (plot instanceof XYPlot xy) {
      xy.setRangeGridlinePaint(Color.LIGHT_GRAY);
      xy.setDomainGridlinePaint(Color.LIGHT_GRAY);
    } else if (plot instanceof CategoryPlot category) {
      category.setRangeGridlinePaint(Color.LIGHT_GRAY);
    }
    return chart;
  }

  /** Writes the chart as a PNG of the report's size; returns the file's name. */
  static String write(HadoopFiles files, String directory, String name, JFreeChart chart) {
    String file = name + ".png";
    files.write(directory + "/" + file, out -> ChartUtils.writeChartAsPNG(out, apply(chart), WIDTH, HEIGHT));
    return file;
  }
}
