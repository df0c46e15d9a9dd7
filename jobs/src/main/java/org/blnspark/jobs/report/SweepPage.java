package org.blnspark.jobs.report;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import org.apache.commons.math3.stat.descriptive.SummaryStatistics;
import org.blnspark.jobs.run.SweepCell;
import org.blnspark.model.zoo.Normalization;

/**
 * The sweep's index.html, self-contained (relative links, no script): the plots first, then a
 * pivot of test accuracy (a row per per-worker batch size, a column per norm and worker count, the
 * best of each row in bold, BLN's paired differences beside it), what BLN's choice of inference
 * configuration is worth, and the per-cell table, collapsed.
 */
final class SweepPage {
  private static final String STYLE = "body{font-family:sans-serif;max-width:70em;margin:2em auto;padding:0 1em;"
      + "color:#222}table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;padding:3px 9px;"
      + "text-align:right}th{background:#f4f4f4}td.best{font-weight:bold;background:#e6f0f8}.note{color:#555}"
      + ".mixed{background:#fdecea;padding:.5em}"
      + "img{width:100%;border:1px solid #eee}figure{margin:0}"
      + ".plots{display:grid;grid-template-columns:repeat(auto-fill,minmax(440px,1fr));gap:1em}small{color:#555}";

  private SweepPage() {}

  static String html(List<SweepCell> cells, SweepSummary summary, List<String> plots) {
    StringBuilder html = new StringBuilder("<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
        + "<meta name=\"viewport\" content=\"width=device-width\"><title>BLN batch-size study</title><style>"
        + STYLE + "</style></head><body>\n<h1>BLN batch-size study</h1>\n");
    html.append("<p>Each number is a test accuracy: that of the inference configuration chosen on the validation "
        + "split (for BN, LN and no normalisation there is nothing to choose), as mean ± standard deviation over "
        + "seeds, with the number of seeds in brackets. The data: <a href=\"").append(SweepTables.RESULTS)
        .append("\">").append(SweepTables.RESULTS).append("</a>, <a href=\"").append(SweepTables.SUMMARY)
        .append("\">").append(SweepTables.SUMMARY).append("</a>, <a href=\"").append(SweepTables.PAIRED)
        .append("\">").append(SweepTables.PAIRED).append("</a>.</p>\n");
    code(html, cells);
    // The summary plots, then the numbers, then every setting's learning curves.
    List<String> summaryPlots = plots.stream().filter(p -> !p.startsWith("loss-") && !p.startsWith("accuracy-"))
        .toList();
    figures(html, summaryPlots);
    List<SweepSummary.Comparison> comparisons = summary.comparisons();
    pivot(html, summary, comparisons);
    choiceCost(html, summary);
    html.append("<h2>Learning curves</h2>\n<p class=\"note\">Validation loss and accuracy per epoch, mean ± sd "
        + "over seeds, for each batch size and worker count.</p>\n");
    figures(html, plots.stream().filter(p -> !summaryPlots.contains(p)).toList());
    cellTable(html, cells);
    return html.append("</body></html>\n").toString();
  }

  /** Which code trained the cells; several versions only with --accept-other-commits, and then said loudly. */
  private static void code(StringBuilder html, List<SweepCell> cells) {
    Map<String, Long> commits = SweepSummary.commits(cells);
    if (commits.size() == 1) {
      html.append("<p id=\"code\">Every cell was trained by commit <code>").append(commits.keySet().iterator().next())
          .append("</code>.</p>\n");
      return;
    }
    html.append("<p id=\"code\" class=\"mixed\"><strong>These cells mix ").append(commits.size())
        .append(" code versions</strong> (kept by --accept-other-commits), so a difference may come from the code "
            + "rather than the norm: ");
    html.append(commits.entrySet().stream().map(e -> "<code>" + e.getKey() + "</code> (" + e.getValue()
        + (e.getValue() == 1 ? " cell)" : " cells)")).collect(java.util.stream.Collectors.joining(", ")))
        .append(". results.csv names each cell's.</p>\n");
  }

  private static void figures(StringBuilder html, List<String> plots) {
    html.append("<div class=\"plots\">\n");
    for (String plot : plots) {
      html.append("<figure><img src=\"").append(plot).append("\" alt=\"").append(plot.replace(".png", ""))
          .append("\"></figure>\n");
    }
    html.append("</div>\n");
  }

  /** Rows: batch sizes; columns: norm × workers; the best mean of each row in bold. */
  private static void pivot(StringBuilder html, SweepSummary summary, List<SweepSummary.Comparison> comparisons) {
    Map<SweepSummary.Setting, SummaryStatistics> stats = summary.bySetting();
    TreeSet<Integer> batchSizes = new TreeSet<>();
    TreeSet<Column> columns = new TreeSet<>();
    stats.keySet().forEach(s -> {
      batchSizes.add(s.batchSize());
      columns.add(new Column(s.norm(), s.workers()));
    });
    html.append("<h2>Test accuracy</h2>\n<table id=\"pivot\">\n<tr><th>batch size per worker</th>");
    columns.forEach(c -> html.append("<th>").append(c).append("</th>"));
    html.append("</tr>\n");
    for (int batchSize : batchSizes) {
      double best = stats.entrySet().stream().filter(e -> e.getKey().batchSize() == batchSize)
          .mapToDouble(e -> e.getValue().getMean()).max().orElse(Double.NaN);
      html.append("<tr><th>").append(batchSize).append("</th>");
      for (Column column : columns) {
        Optional<Map.Entry<SweepSummary.Setting, SummaryStatistics>> cell = stats.entrySet().stream()
            .filter(e -> e.getKey().batchSize() == batchSize && e.getKey().norm() == column.norm()
                && e.getKey().workers() == column.workers()).findFirst();
        if (cell.isEmpty()) {
          html.append("<td></td>");
          continue;
        }
        SummaryStatistics s = cell.get().getValue();
        html.append(s.getMean() == best ? "<td class=\"best\">" : "<td>").append(String.format("%.3f ± %.3f (%d)",
            s.getMean(), s.getN() > 1 ? s.getStandardDeviation() : 0, s.getN()));
        SweepSummary.Setting setting = cell.get().getKey();
        // The interval is over test examples; the seeds' signs are what speaks to training variation.
        List<PairedComparison> perSeed = SweepSummary.perSeed(comparisons, setting);
        long ahead = perSeed.stream().filter(c -> c.difference() > 0).count();
        SweepSummary.combined(comparisons, setting).ifPresent(c -> html.append(String.format(
            "<br><small>BLN − this: %+.3f [%+.3f, %+.3f], McNemar %s; BLN ahead in %d of %d seeds</small>",
            c.difference(), c.ci95Low(), c.ci95High(), pValue(c.pValue()), ahead, perSeed.size())));
        html.append("</td>");
      }
      html.append("</tr>\n");
    }
    html.append("</table>\n<p class=\"note\">Under each other norm: BLN's test accuracy minus this one's at the same "
        + "batch size and workers, averaged over the seeds both have, with a 95% paired bootstrap interval over the "
        + "test examples and McNemar's exact test of the examples only one of the two got right. An interval that "
        + "leaves out 0 is more than the test sample's noise for these trained networks; it does not cover the "
        + "variation between training seeds, so check that every seed has the same sign (paired.csv, one row per "
        + "seed).</p>\n");
  }

  /** A p-value as people read it: two significant digits, or below 0.0001. */
  static String pValue(double p) {
    return p < 1e-4 ? "p < 0.0001" : String.format("p = %.2g", p);
  }

  /** A column of the pivot: a norm at a worker count, in the norms' order, then by workers. */
  private record Column(Normalization norm, int workers) implements Comparable<Column> {
    @Override
    public int compareTo(Column other) {
      return norm != other.norm ? norm.compareTo(other.norm) : Integer.compare(workers, other.workers);
    }

    @Override
    public String toString() {
      return norm + ", " + SweepCharts.workersLabel(workers);
    }
  }

  /** BLN's test accuracy under the choice on validation, against PPBB, BBBB and the best on test. */
  private static void choiceCost(StringBuilder html, SweepSummary summary) {
    List<SweepSummary.Setting> bln = summary.bySetting().keySet().stream()
        .filter(s -> s.norm() == Normalization.BLN).toList();
    if (bln.isEmpty()) {
      return;
    }
    html.append("<h2>What BLN's choice of configuration is worth</h2>\n<table id=\"choice\">\n<tr><th>batch size</th>"
        + "<th>workers</th><th>chosen on validation</th><th>PPBB (default)</th><th>BBBB (all mini-batch)</th>"
        + "<th>best on test (the reference's selection; not a result)</th></tr>\n");
    for (SweepSummary.Setting s : bln) {
      html.append(String.format("<tr><td>%d</td><td>%d</td><td>%.3f</td><td>%.3f</td><td>%.3f</td><td>%.3f</td></tr>%n",
          s.batchSize(), s.workers(), summary.statistics(s, SweepSummary.CHOSEN).getMean(),
          summary.statistics(s, SweepSummary.configuration("PPBB")).getMean(),
          summary.statistics(s, SweepSummary.configuration("BBBB")).getMean(),
          summary.statistics(s, SweepSummary.BEST_ON_TEST).getMean()));
    }
    html.append("</table>\n<p class=\"note\">Means over seeds of the test accuracy under each configuration. The "
        + "last column picks the best of 16 on the test set itself, as the paper's code does, so it is optimistic; "
        + "it is here only to compare with the paper like for like.</p>\n");
  }

  private static void cellTable(StringBuilder html, List<SweepCell> cells) {
    html.append("<details><summary>Every cell (").append(cells.size()).append(")</summary>\n<table id=\"cells\">\n"
        + "<tr><th>norm</th><th>batch size</th><th>workers</th><th>seed</th><th>chosen</th><th>test accuracy</th>"
        + "</tr>\n");
    for (SweepCell cell : cells) {
      html.append(String.format("<tr><td>%s</td><td>%d</td><td>%d</td><td>%d</td><td>%s</td><td>%.4f</td></tr>%n",
          cell.norm(), cell.batchSize(), cell.workers(), cell.seed(), cell.evaluation().chosen(),
          cell.evaluation().testAccuracy()));
    }
    html.append("</table>\n</details>\n");
  }
}
