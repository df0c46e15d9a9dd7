package org.blnspark.jobs.report;

import java.util.List;
import org.blnspark.jobs.io.HadoopFiles;
import org.blnspark.jobs.run.SweepCell;

/** The study's report: the CSV tables, the Markdown tables, the plots and index.html, which shows them. */
public final class SweepReport {
  private SweepReport() {}

  /** Writes the report into {@code directory} and returns the path of its HTML page. */
  public static String write(HadoopFiles files, String directory, List<SweepCell> cells) {
    SweepSummary summary = new SweepSummary(cells);
    SweepTables.write(files, directory, cells, summary);
    SweepMarkdown.write(files, directory, cells, summary);
    List<String> plots = SweepCharts.write(files, directory, cells, summary);
    String page = directory + "/index.html";
    files.writeString(page, SweepPage.html(cells, summary, plots));
    return page;
  }
}
