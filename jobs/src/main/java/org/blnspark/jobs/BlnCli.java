package org.blnspark.jobs;

import java.io.FileNotFoundException;
import java.io.PrintWriter;
import org.blnspark.jobs.cli.BlnCommand;
import org.blnspark.jobs.io.HadoopFiles;
import org.blnspark.jobs.run.TrainingDivergedException;
import org.blnspark.model.BadInputException;
import picocli.CommandLine;

/**
 * The single entry point for spark-submit and for bin/bln: runs the command line and turns its
 * outcome into an exit code. A failure the user can fix (bad input, a run that diverged) is one
 * line and exit 2; running out of memory is one line and exit 3; anything else is a bug, which
 * keeps its stack trace and exits 1.
 */
public final class BlnCli {
  /** Exit code for input the user can fix, as picocli uses for bad options. */
  static final int BAD_INPUT = 2;
  /** Exit code when the JVM ran out of memory. */
  static final int OUT_OF_MEMORY = 3;
  /** Exit code for a bug. */
  static final int BUG = 1;

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
        .setExecutionExceptionHandler((error, commandLine, parseResult) -> report(error, commandLine.getErr()))
        .execute(args);
  }

  /** Says what went wrong, in one line unless it is a bug, and returns the exit code for it. */
  static int report(Throwable error, PrintWriter out) {
    Throwable cause = userCause(error);
    if (cause != null) {
      out.println("bln: error: " + HadoopFiles.oneLine(cause));
      return BAD_INPUT;
    }
    Throwable memory = find(error, OutOfMemoryError.class);
    if (memory != null) {
      out.println("bln: error: out of memory (" + HadoopFiles.oneLine(memory) + "); give the JVMs more "
          + "(BLN_JAVA_OPTS for bin/bln, --driver-memory or spark.executor.memory for spark-submit) or use "
          + "smaller batches");
      return OUT_OF_MEMORY;
    }
    error.printStackTrace(out);
    out.println("bln: internal error: this is a bug in bln-spark, not in your input; please report it with the "
        + "trace above");
    return BUG;
  }

  /**
   * The user-fixable cause of a failure, if any. Spark wraps exceptions thrown inside tasks, so
   * the whole cause chain is searched. A missing file is one too: an input deleted while a job
   * runs surfaces only as a task's FileNotFoundException.
   */
  private static Throwable userCause(Throwable error) {
    for (Throwable t = error; t != null; t = t.getCause()) {
      if (t instanceof BadInputException || t instanceof TrainingDivergedException
          || t instanceof FileNotFoundException) {
        return t;
      }
    }
    return null;
  }

  private static Throwable find(Throwable error, Class<? extends Throwable> type) {
    for (Throwable t = error; t != null; t = t.getCause()) {
      if (type.isInstance(t)) {
        return t;
      }
    }
    return null;
  }
}
