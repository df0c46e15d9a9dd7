package org.blnspark.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;

/** A command line that must fail on bad input: exit code 2 and one line on stderr. */
final class CliFailures {
  private CliFailures() {}

  /** Runs {@code args} and returns the one error line it wrote, after checking the exit code and that nothing else was written. */
  static String oneLine(String... args) {
    StringWriter err = new StringWriter();
    int code = BlnCli.run(new PrintWriter(err, true), args);
    List<String> lines = err.toString().lines().toList();
    assertThat(code).as("exit code; stderr: %s", err).isEqualTo(2);
    assertThat(lines).as("stderr").hasSize(1);
    assertThat(lines.get(0)).startsWith("bln: error: ");
    return lines.get(0);
  }
}
