package org.blnspark.jobs.cli;

import picocli.CommandLine.Command;

/** The bln command line: its subcommands, as picocli runs them. */
@Command(name = "bln", mixinStandardHelpOptions = true, version = "bln-spark 0.1.0",
    description = "Batch Layer Normalization on Spark: prepare data, train, evaluate, and study batch sizes.",
    subcommands = {PrepareCommand.class, TrainCommand.class, EvaluateCommand.class, SweepCommand.class,
        SweepReportCommand.class, QuickstartCommand.class, BenchCommand.class, PredictCommand.class,
        RecalibrateCommand.class})
public final class BlnCommand {
}
