package org.blnspark.jobs.report;

import java.util.List;
import org.blnspark.jobs.run.SweepCell;

/** The sweep's index.html: both tables, then the plots. */
final class SweepPage {
  private SweepPage() {}

  static String html(List<SweepCell> cells, SweepSummary summary, List<String> plots) {
    StringBuilder html = new StringBuilder("<!doctype html>\n<html><head><meta charset=\"utf-8\">"
        + "<title>BLN batch-size study</title><style>body{font-family:sans-serif;max-width:60em;margin:2em auto}"
        + "table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:2px 8px;text-align:right}</style>"
        + "</head><body>\n<h1>BLN batch-size study</h1>\n<p>Data: <a href=\"" + SweepTables.RESULTS + "\">"
        + SweepTables.RESULTS + "</a>, <a href=\"" + SweepTables.SUMMARY + "\">" + SweepTables.SUMMARY + "</a>. "
        + "Each test accuracy is for the inference configuration chosen on validation.</p>\n<table>\n"
        + "<tr><th>norm</th><th>batch size</th><th>workers</th><th>seeds</th><th>mean test accuracy</th>"
        + "<th>sd</th></tr>\n");
    summary.bySetting().forEach((key, stats) -> html.append(String.format(
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
