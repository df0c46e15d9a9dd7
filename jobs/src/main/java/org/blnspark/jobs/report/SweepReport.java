package org.blnspark.jobs.report;

import java.util.List;
import org.blnspark.jobs.io.HadoopFiles;
import org.blnspark.jobs.run.SweepCell;

/** The study's report: the CSV tables, the Markdown tables, the plots and index.html, which shows them. */
public final class SweepReport {
  private SweepReport() {}

  /**
   * Writes the report of {@code cells}, as the sweep wrote them, into {@code directory} and returns
   * the path of its HTML page. A BN cell is reported as two arms, BN and BN_RECOMPUTED.
   */
  public static String write(HadoopFiles files, String directory, List<SweepCell> cells) {
    List<SweepCell> arms = cells.stream().flatMap(cell -> cell.arms().stream()).toList();
    SweepSummary summary = new SweepSummary(arms);
    SweepTables.write(files, directory, arms, summary);
    SweepMarkdown.write(files, directory, arms, summary);
    List<String> plots = SweepCharts.write(files, directory, summary.selectedCells(), summary);
    String page = directory + "/index.html";
    files.writeString(page, SweepPage.html(arms, summary, plots));
    return page;
  }
}
