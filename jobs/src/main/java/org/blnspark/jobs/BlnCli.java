package org.blnspark.jobs;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The single entry point for spark-submit and for bin/bln. */
@Command(name = "bln", mixinStandardHelpOptions = true, version = "bln-spark 0.1.0",
    description = "Batch Layer Normalization on Spark: prepare data, train, evaluate, and study batch sizes.",
    subcommands = {PrepareCommand.class, TrainCommand.class, EvaluateCommand.class, SweepCommand.class,
        QuickstartCommand.class, BenchCommand.class})
public final class BlnCli {
  /** Exit code for input the user can fix, as picocli uses for bad options. */
  static final int BAD_INPUT = 2;

  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Runs a command line and returns its exit code, without exiting. */
  public static int run(String... args) {
    return run(new java.io.PrintWriter(System.err, true), args);
  }

  /** As {@link #run(String...)}, with errors written to {@code err}. */
  public static int run(java.io.PrintWriter err, String... args) {
    return new CommandLine(new BlnCli())
        .setErr(err)
        .setParameterExceptionHandler((error, arguments) -> {
          error.getCommandLine().getErr().println("bln: error: " + HadoopFiles.oneLine(error)
              + " (see 'bln " + error.getCommandLine().getCommandName() + " --help')");
          return BAD_INPUT;
        })
        .setExecutionExceptionHandler((error, commandLine, parseResult) -> {
          Throwable badInput = badInput(error);
          if (badInput != null) {
            commandLine.getErr().println("bln: error: " + HadoopFiles.oneLine(badInput));
            return BAD_INPUT;
          }
          throw error;
        })
        .execute(args);
  }

  /**
   * The user-fixable cause of a failure, if any. Spark wraps exceptions thrown inside tasks, so
   * the whole cause chain is searched. A missing file is one too: an input deleted while a job
   * runs surfaces only as a task's FileNotFoundException.
   */
  private static Throwable badInput(Throwable error) {
    for (Throwable t = error; t != null; t = t.getCause()) {
      if (t instanceof BadInputException || t instanceof IllegalArgumentException
          || t instanceof java.io.FileNotFoundException) {
        return t;
      }
    }
    return null;
  }
}
