package org.blnspark.jobs;

import java.io.FileNotFoundException;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import org.blnspark.jobs.cli.BlnCommand;
import org.blnspark.jobs.cli.OptionConverters;
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
    int code = run(args);
    // Under YARN's cluster mode this runs in the application master's thread: exiting the JVM
    // there, even with 0, makes YARN report the application FAILED ("Shutdown hook called before
    // final status was reported"); returning lets the master report the success.
    if (code == 0 && "cluster".equals(System.getProperty("spark.submit.deployMode"))) {
      return;
    }
    System.exit(code);
  }

  /** Runs a command line and returns its exit code, without exiting. */
  public static int run(String... args) {
    return run(new PrintWriter(System.err, true), args);
  }

  /** As {@link #run(String...)}, with errors written to {@code err}. */
  public static int run(PrintWriter err, String... args) {
    return commandLine(err).execute(args);
  }

  /**
   * The command line with its exit codes: the mapper decides them, listed in every command's
   * {@code --help}; the handlers print one line, or a bug's trace.
   */
  static CommandLine commandLine(PrintWriter err) {
    CommandLine commandLine = OptionConverters.register(new CommandLine(new BlnCommand()))
        .setErr(err)
        .setExitCodeExceptionMapper(BlnCli::exitCode)
        .setParameterExceptionHandler((error, arguments) -> {
          error.getCommandLine().getErr().println("bln: error: " + HadoopFiles.oneLine(error)
              + " (see 'bln " + error.getCommandLine().getCommandName() + " --help')");
          return BAD_INPUT;
        })
        .setExecutionExceptionHandler((error, command, parseResult) -> report(error, command.getErr()));
    listExitCodes(commandLine);
    return commandLine;
  }

  private static void listExitCodes(CommandLine command) {
    Map<String, String> codes = new LinkedHashMap<>();
    codes.put("0", "done");
    codes.put("" + BUG, "a bug in bln-spark: its stack trace is printed");
    codes.put("" + BAD_INPUT, "input you can fix (options, files, data, a run that diverged): one line says what");
    codes.put("" + OUT_OF_MEMORY, "out of memory");
    command.getCommandSpec().usageMessage().exitCodeListHeading("%nExit codes:%n").exitCodeList(codes);
    command.getSubcommands().values().forEach(BlnCli::listExitCodes);
  }

  /** The exit code of a failure: bad input, out of memory, or a bug. */
  static int exitCode(Throwable error) {
    return userCause(error) != null ? BAD_INPUT : find(error, OutOfMemoryError.class) != null ? OUT_OF_MEMORY : BUG;
  }

  /** Says what went wrong, in one line unless it is a bug, and returns the mapper's exit code for it. */
  static int report(Throwable error, PrintWriter out) {
    Throwable cause = userCause(error);
    Throwable memory = find(error, OutOfMemoryError.class);
    if (cause != null) {
      out.println("bln: error: " + HadoopFiles.oneLine(cause));
    } else if (memory != null) {
      out.println("bln: error: out of memory (" + HadoopFiles.oneLine(memory) + "); give the JVMs more "
          + "(BLN_JAVA_OPTS for bin/bln, --driver-memory or spark.executor.memory for spark-submit) or use "
          + "smaller batches");
    } else {
      error.printStackTrace(out);
      out.println("bln: internal error: this is a bug in bln-spark, not in your input; please report it with the "
          + "trace above");
    }
    return exitCode(error);
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
