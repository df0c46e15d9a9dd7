package org.blnspark.jobs.cli;

import java.util.List;
import java.util.concurrent.Callable;
import org.apache.hadoop.conf.Configuration;
import org.blnspark.jobs.io.HadoopFiles;
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

  @Override
  public Integer call() {
    // No Spark: the cells are small JSON files, read through Hadoop's filesystems as the sweep wrote them.
    HadoopFiles files = new HadoopFiles(new Configuration());
    List<SweepCell> finished = SweepRun.finished(files, cells);
    String page = SweepReport.write(files, output, finished);
    System.out.printf("report of %d cells%nreport: %s%n", finished.size(), page);
    return 0;
  }
}
