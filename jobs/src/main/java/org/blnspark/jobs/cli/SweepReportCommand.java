package org.blnspark.jobs.cli;

import java.util.List;
import java.util.concurrent.Callable;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.blnspark.jobs.io.HadoopFiles;
import org.blnspark.jobs.report.ResultsPage;
import org.blnspark.jobs.report.SweepReport;
import org.blnspark.jobs.run.SweepCell;
import org.blnspark.jobs.run.SweepRun;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "sweep-report", mixinStandardHelpOptions = true,
    description = "Draws a sweep's report again from its finished cells alone (cells/*/cell.json), training nothing "
        + "and reading no data: the CSV and Markdown tables, each naming the commits of its cells, the plots and "
        + "index.html. For redrawing a committed study, or checking that its page matches its cells.")
final class SweepReportCommand implements Callable<Integer> {
  @Option(names = "--cells", required = true, description = "a sweep's --output, whose cells are read")
  String cells;

  @Option(names = "--output", required = true, description = "directory for the report; may be the same as --cells")
  String output;

  @Option(names = "--page", paramLabel = "FILE", description = "a results page (e.g. docs/results.md) whose block "
      + "for this sweep, marked <!-- study:NAME begin ... --> and <!-- study:NAME end --> with NAME the last part of "
      + "--output, is replaced by the sweep's tables.md")
  String page;

  @Override
  public Integer call() {
    // No Spark: the cells are small JSON files, read through Hadoop's filesystems as the sweep wrote them.
    HadoopFiles files = new HadoopFiles(new Configuration());
    List<SweepCell> finished = SweepRun.finished(files, cells);
    String report = SweepReport.write(files, output, finished);
    System.out.printf("report of %d cells%nreport: %s%n", finished.size(), report);
    if (page != null) {
      ResultsPage.include(files, page, new Path(output).getName(), output);
      System.out.printf("tables included in %s%n", page);
    }
    return 0;
  }
}
