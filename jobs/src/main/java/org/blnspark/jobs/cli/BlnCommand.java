package org.blnspark.jobs.cli;

import org.blnspark.jobs.run.CodeVersion;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;

/** The bln command line: its subcommands, as picocli runs them. */
@Command(name = "bln", mixinStandardHelpOptions = true, versionProvider = BlnCommand.Version.class,
    description = "Batch Layer Normalization on Spark: prepare data, train, evaluate, and study batch sizes.",
    subcommands = {PrepareCommand.class, TrainCommand.class, EvaluateCommand.class, SweepCommand.class,
        SweepReportCommand.class, QuickstartCommand.class, BenchCommand.class, PredictCommand.class,
        RecalibrateCommand.class, ExportCommand.class})
public final class BlnCommand {
  /** The version with the code version every run records: from the jar's manifest, or git for classes. */
  static final class Version implements IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"bln-spark 0.1.0, commit " + CodeVersion.current().describe()};
    }
  }
}
