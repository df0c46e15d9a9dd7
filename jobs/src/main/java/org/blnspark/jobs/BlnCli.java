package org.blnspark.jobs;

import java.io.FileNotFoundException;
import java.io.PrintWriter;
import org.blnspark.jobs.cli.BlnCommand;
import org.blnspark.jobs.io.HadoopFiles;
import org.blnspark.spark.BadInputException;
import picocli.CommandLine;

/** The single entry point for spark-submit and for bin/bln: runs the command line and turns its outcome into an exit code. */
public final class BlnCli {
  /** Exit code for input the user can fix, as picocli uses for bad options. */
  static final int BAD_INPUT = 2;

  private BlnCli() {}

  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Runs a command line and returns its exit code, without exiting. */
  public static int run(String... args) {
    return run(new PrintWriter(System.err, true), args);
  }

  /** As {@link #run(String...)}, with errors written to {@code err}. */
  public static int run(PrintWriter err, String... args) {
    return new CommandLine(new BlnCommand())
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
          || t instanceof FileNotFoundException) {
        return t;
      }
    }
    return null;
  }
}
