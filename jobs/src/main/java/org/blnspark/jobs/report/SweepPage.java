package org.blnspark.jobs.report;

import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.commons.math3.stat.descriptive.SummaryStatistics;
import org.blnspark.jobs.run.SweepCell;
import org.blnspark.jobs.run.Arm;

/**
 * The sweep's index.html, self-contained (relative links, no script): which code trained the
 * cells, the plots, a pivot of test accuracy (a row per per-worker batch size, a column per norm
 * and worker count, the best of each row in bold, BLN's difference over seeds beside it), the
 * differences between norms over seeds with Holm's correction and, in words, which of them the
 * data supports; what BLN's choice of inference configuration is worth; and, collapsed, the
 * within-seed detail and the per-cell table.
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
        + "split (for BN, LN and no normalisation there is nothing to choose), as the mean over seeds with its 95% "
        + "t-interval, and the number of seeds in brackets. The data: ");
    html.append(Stream.of(SweepTables.RESULTS, SweepTables.SUMMARY, SweepTables.COMPARISONS, SweepTables.PAIRED,
            SweepTables.LEARNING_RATES)
        .map(file -> "<a href=\"" + file + "\">" + file + "</a>").collect(Collectors.joining(", "))).append(".</p>\n");
    code(html, cells);
    // The summary plots, then the numbers, then every setting's learning curves.
    List<String> summaryPlots = plots.stream().filter(p -> !p.startsWith("loss-") && !p.startsWith("accuracy-"))
        .toList();
    figures(html, summaryPlots);
    List<NormComparison> comparisons = summary.normComparisons();
    pivot(html, summary, comparisons);
    learningRates(html, summary.learningRates());
    differences(html, comparisons);
    choiceCost(html, summary);
    html.append("<h2>Learning curves</h2>\n<p class=\"note\">Validation loss and accuracy per epoch, mean ± sd "
        + "over seeds, for each batch size and worker count.</p>\n");
    figures(html, plots.stream().filter(p -> !summaryPlots.contains(p)).toList());
    withinSeed(html, summary.comparisons());
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
        + (e.getValue() == 1 ? " cell)" : " cells)")).collect(Collectors.joining(", ")))
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
  private static void pivot(StringBuilder html, SweepSummary summary, List<NormComparison> comparisons) {
    Map<SweepSummary.Setting, SummaryStatistics> stats = summary.bySetting();
    TreeSet<Integer> batchSizes = new TreeSet<>();
    TreeSet<Column> columns = new TreeSet<>();
    stats.keySet().forEach(s -> {
      batchSizes.add(s.batchSize());
      columns.add(new Column(s.arm(), s.workers()));
    });
    html.append("<h2>Test accuracy</h2>\n<table id=\"pivot\">\n<tr><th>batch size per worker</th>");
    columns.forEach(c -> html.append("<th>").append(c).append("</th>"));
    html.append("</tr>\n");
    for (int batchSize : batchSizes) {
      double best = stats.entrySet().stream().filter(e -> e.getKey().batchSize() == batchSize)
          .mapToDouble(e -> e.getValue().getMean()).max().orElse(Double.NaN);
      html.append("<tr><th>").append(batchSize).append("</th>");
      for (Column column : columns) {
        SweepSummary.Setting setting = new SweepSummary.Setting(column.arm(), batchSize, column.workers());
        if (!stats.containsKey(setting)) {
          html.append("<td></td>");
          continue;
        }
        SeedInference.Interval mean = summary.meanInterval(setting);
        html.append(mean.mean() == best ? "<td class=\"best\">" : "<td>").append(String.format("%.3f%s (%d)",
            mean.mean(), mean.bracket("%.3f"), mean.n()));
        comparisons.stream().filter(c -> c.first().arm() == Arm.BLN && c.second().equals(setting))
            .findFirst().ifPresent(c -> html.append(String.format("<br><small>BLN − this: %+.3f%s, Holm %s</small>",
                c.difference().mean(), c.difference().bracket("%+.3f"), pValue(c.holmPValue()))));
        html.append("</td>");
      }
      html.append("</tr>\n");
    }
    html.append("</table>\n<p class=\"note\">Under each other norm: BLN's test accuracy minus this one's at the same "
        + "batch size and workers, seed by seed, averaged over the seeds both have, with its 95% t-interval over "
        + "seeds and the p-value of the exact sign-flip test after Holm's correction (the next section).</p>\n");
  }

  /**
   * Every two norms over seeds, with Holm's correction across all of them, and in words which
   * differences the data supports; or, when none can be, how many seeds it would take.
   */
  private static void differences(StringBuilder html, List<NormComparison> comparisons) {
    if (comparisons.isEmpty()) {
      return;
    }
    html.append("<h2>Differences between norms over seeds</h2>\n<p id=\"supported\">")
        .append(NormComparison.verdict(comparisons)).append("</p>\n<table id=\"comparisons\">\n<tr><th>batch size</th>"
            + "<th>workers</th><th>difference</th><th>seeds</th><th>mean [95% t-interval]</th><th>sign-flip p</th>"
            + "<th>Holm p</th></tr>\n");
    for (NormComparison c : comparisons) {
      html.append(String.format("<tr><td>%d</td><td>%d</td><td>%s − %s</td><td>%d</td>%s%+.3f%s</td><td>%s</td>"
              + "<td>%s</td></tr>%n", c.first().batchSize(), c.first().workers(), c.first().arm(), c.second().arm(),
          c.difference().n(), c.supported() ? "<td class=\"best\">" : "<td>", c.difference().mean(),
          c.difference().bracket("%+.3f"), pValue(c.pValue()), pValue(c.holmPValue())));
    }
    html.append("</table>\n<p class=\"note\">Two norms trained with the same seed are subtracted seed by seed; the "
        + "seeds are what varies between training runs, so these intervals and tests speak to the norms, not to "
        + "two particular networks. The sign-flip test is exact: under no difference each seed's sign is a fair "
        + "coin, and p is the share of all 2<sup>n</sup> sign assignments whose mean is at least as far from 0. "
        + "Holm's correction holds the chance of any false claim on this page at 5% across its ")
        .append(comparisons.size()).append(comparisons.size() == 1 ? " comparison" : " comparisons").append(".</p>\n");
  }

  /** BLN against each other norm on each seed's two networks, example by example, collapsed and labelled so. */
  private static void withinSeed(StringBuilder html, List<SweepSummary.Comparison> comparisons) {
    if (comparisons.isEmpty()) {
      return;
    }
    html.append("<details><summary>Within-seed detail: BLN against each other norm, example by example ("
        + comparisons.size() + ")</summary>\n<p class=\"note\">Each row compares one seed's two trained networks on "
        + "the same test examples: a 95% paired bootstrap interval of the difference (the examples resampled "
        + PairedComparison.REPLICATES + " times) and McNemar's exact test of the examples only one of them got "
        + "right. They say whether these two networks differ, not whether one norm beats the other, and they are "
        + "not corrected for multiplicity.</p>\n<table id=\"within-seed\">\n<tr><th>batch size</th><th>workers"
        + "</th><th>pair</th><th>seed</th><th>difference [bootstrap 95%]</th><th>McNemar</th></tr>\n");
    for (SweepSummary.Comparison c : comparisons) {
      PairedComparison r = c.result();
      html.append(String.format("<tr><td>%d</td><td>%d</td><td>BLN − %s</td><td>%d</td><td>%+.3f [%+.3f, %+.3f]"
              + "</td><td>%s</td></tr>%n", c.other().batchSize(), c.other().workers(), c.other().arm(), c.seed(),
          r.difference(), r.ci95Low(), r.ci95High(), pValue(r.pValue())));
    }
    html.append("</table>\n</details>\n");
  }

  /** A p-value as people read it: two significant digits, or below 0.0001. */
  static String pValue(double p) {
    return p < 1e-4 ? "p < 0.0001" : String.format("p = %.2g", p);
  }

  /** A column of the pivot: a norm at a worker count, in the norms' order, then by workers. */
  private record Column(Arm arm, int workers) implements Comparable<Column> {
    @Override
    public int compareTo(Column other) {
      return arm != other.arm ? arm.compareTo(other.arm) : Integer.compare(workers, other.workers);
    }

    @Override
    public String toString() {
      return arm + ", " + SweepCharts.workersLabel(workers);
    }
  }

  /** BLN's test accuracy under the choice on validation, against PPBB, BBBB and the best on test. */
  private static void choiceCost(StringBuilder html, SweepSummary summary) {
    List<SweepSummary.Setting> bln = summary.bySetting().keySet().stream()
        .filter(s -> s.arm() == Arm.BLN).toList();
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

  /** Each arm's learning rate per setting, chosen on validation; nothing when the sweep had one rate. */
  private static void learningRates(StringBuilder html, LearningRateChoice rates) {
    if (!rates.chose()) {
      return;
    }
    html.append("<h2>Learning rates</h2>\n<p class=\"note\">Each norm trained at every rate of the grid; the table "
        + "above reads, per norm and setting, the rate with the best validation accuracy (mean over seeds), chosen "
        + "without looking at the test split.</p>\n<table id=\"learning-rates\">\n<tr><th>norm</th><th>batch size</th>"
        + "<th>workers</th><th>chosen</th><th>validation accuracy by rate</th></tr>\n");
    for (LearningRateChoice.Choice c : rates.choices()) {
      html.append(String.format("<tr><td>%s</td><td>%d</td><td>%d</td><td>%s</td><td>%s</td></tr>%n",
          c.setting().arm(), c.setting().batchSize(), c.setting().workers(), SweepCell.plain(c.chosen()),
          c.byRate()));
    }
    html.append("</table>\n");
  }

  private static void cellTable(StringBuilder html, List<SweepCell> cells) {
    html.append("<details><summary>Every cell (").append(cells.size()).append(")</summary>\n<table id=\"cells\">\n"
        + "<tr><th>norm</th><th>batch size</th><th>workers</th><th>seed</th><th>learning rate</th><th>chosen</th>"
        + "<th>test accuracy</th></tr>\n");
    for (SweepCell cell : cells) {
      html.append(String.format("<tr><td>%s</td><td>%d</td><td>%d</td><td>%d</td><td>%s</td><td>%s</td><td>%.4f</td>"
          + "</tr>%n", cell.arm(), cell.batchSize(), cell.workers(), cell.seed(), SweepCell.plain(cell.learningRate()),
          cell.evaluation().chosen(), cell.evaluation().testAccuracy()));
    }
    html.append("</table>\n</details>\n");
  }
}
