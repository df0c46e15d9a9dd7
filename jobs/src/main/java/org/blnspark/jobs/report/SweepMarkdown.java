package org.blnspark.jobs.report;

import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.blnspark.jobs.io.HadoopFiles;
import org.blnspark.jobs.run.SweepCell;
import org.blnspark.jobs.run.Arm;

/**
 * The sweep's tables as Markdown ({@value #FILE}), for a results page to include as they are: the
 * commits of the cells, each norm's test accuracy over seeds, and the differences between norms
 * with Holm's correction and the verdict in words. Drawn from the cells alone, so that {@code bln
 * sweep-report} draws them again from a study's committed cells.
 */
final class SweepMarkdown {
  static final String FILE = "tables.md";

  private SweepMarkdown() {}

  static void write(HadoopFiles files, String directory, List<SweepCell> cells, SweepSummary summary) {
    files.writeString(directory + "/" + FILE, markdown(cells, summary));
  }

  private static String markdown(List<SweepCell> cells, SweepSummary summary) {
    StringBuilder md = new StringBuilder("<!-- written by bln from the sweep's cells; bln sweep-report draws it "
        + "again -->\n");
    // BN_RECOMPUTED is BN's trained network again: counted once.
    List<SweepCell> trained = cells.stream().filter(c -> c.arm() != Arm.BN_RECOMPUTED).toList();
    Map<String, Long> commits = SweepSummary.commits(trained);
    md.append(trained.size()).append(trained.size() == 1 ? " cell" : " cells").append(", trained by ")
        .append(commits.entrySet().stream().map(e -> "`" + e.getKey() + "` (" + e.getValue() + ")")
            .collect(Collectors.joining(", "))).append(".\n\n");

    TreeSet<Arm> norms = summary.bySetting().keySet().stream().map(SweepSummary.Setting::arm)
        .collect(Collectors.toCollection(TreeSet::new));
    md.append("| batch size | workers | ").append(norms.stream().map(Arm::name)
        .collect(Collectors.joining(" | "))).append(" |\n|---|---|").append("---|".repeat(norms.size())).append('\n');
    summary.bySetting().keySet().stream().map(s -> List.of(s.batchSize(), s.workers())).distinct().forEach(at -> {
      md.append("| ").append(at.get(0)).append(" | ").append(at.get(1)).append(" |");
      for (Arm norm : norms) {
        SweepSummary.Setting setting = new SweepSummary.Setting(norm, at.get(0), at.get(1));
        SeedInference.Interval mean = summary.meanInterval(setting);
        md.append(mean.n() == 0 ? "" : String.format(" %.3f%s (%d)", mean.mean(), mean.bracket("%.3f"), mean.n()))
            .append(" |");
      }
      md.append('\n');
    });

    learningRates(md, summary.learningRates());

    List<NormComparison> comparisons = summary.normComparisons();
    if (!comparisons.isEmpty()) {
      md.append("\n| batch size | workers | difference | seeds | mean [95% t-interval] | sign-flip p | Holm p |\n"
          + "|---|---|---|---|---|---|---|\n");
      for (NormComparison c : comparisons) {
        String mean = String.format("%+.3f%s", c.difference().mean(), c.difference().bracket("%+.3f"));
        md.append(String.format("| %d | %d | %s − %s | %d | %s | %s | %s |%n", c.first().batchSize(),
            c.first().workers(), c.first().arm(), c.second().arm(), c.difference().n(),
            c.supported() ? "**" + mean + "**" : mean, SweepPage.pValue(c.pValue()),
            SweepPage.pValue(c.holmPValue())));
      }
      md.append('\n').append(NormComparison.verdict(comparisons)).append('\n');
    }
    return md.toString();
  }

  /** Each arm's learning rate per setting, with every rate's mean validation accuracy; nothing without a grid. */
  private static void learningRates(StringBuilder md, LearningRateChoice rates) {
    if (!rates.chose()) {
      return;
    }
    md.append("\nLearning rates, chosen per norm and setting on validation accuracy (mean over seeds):\n\n"
        + "| norm | batch size | workers | chosen | validation accuracy by rate |\n|---|---|---|---|---|\n");
    for (LearningRateChoice.Choice c : rates.choices()) {
      md.append(String.format("| %s | %d | %d | %s | %s |%n", c.setting().arm(), c.setting().batchSize(),
          c.setting().workers(), SweepCell.plain(c.chosen()), c.byRate()));
    }
  }
}
