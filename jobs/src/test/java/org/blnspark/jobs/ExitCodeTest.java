package org.blnspark.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.blnspark.jobs.run.TrainingDivergedException;
import org.blnspark.model.BadInputException;
import org.junit.jupiter.api.Test;

/** How a failure reaches the user: their own fault in one line, a bug with its trace. */
class ExitCodeTest {
  private record Outcome(int code, List<String> lines) {}

  private static Outcome report(Throwable error) {
    StringWriter err = new StringWriter();
    int code = BlnCli.report(error, new PrintWriter(err, true));
    return new Outcome(code, err.toString().lines().toList());
  }

  @Test
  void badInputInsideATaskFailureIsOneLineAndExit2() {
    // As Spark's driver sees a task's failure: the user's exception as the cause of a wrapper.
    Outcome outcome = report(new RuntimeException("Job aborted due to stage failure:\n  lots of lines",
        new BadInputException("a row of label 3 has a non-finite feature: NaN")));
    assertThat(outcome.code()).isEqualTo(2);
    assertThat(outcome.lines()).containsExactly("bln: error: a row of label 3 has a non-finite feature: NaN");
  }

  @Test
  void aDivergedRunIsOneLineAndExit2() {
    Outcome outcome = report(new TrainingDivergedException("diverged at epoch 3 (training loss NaN)"));
    assertThat(outcome.code()).isEqualTo(2);
    assertThat(outcome.lines()).singleElement().asString().contains("diverged at epoch 3");
  }

  @Test
  void anIllegalArgumentFromTheCodeIsABugWithItsTrace() {
    Outcome outcome = report(new IllegalStateException("wrapped", new IllegalArgumentException("index -1")));
    assertThat(outcome.code()).isEqualTo(1);
    assertThat(outcome.lines().size()).isGreaterThan(3);
    assertThat(outcome.lines()).anyMatch(l -> l.contains("IllegalArgumentException: index -1"));
    assertThat(outcome.lines().get(outcome.lines().size() - 1)).startsWith("bln: internal error: this is a bug");
  }

  @Test
  void runningOutOfMemoryIsOneLineAndExit3() {
    Outcome outcome = report(new RuntimeException("task failed", new OutOfMemoryError("Java heap space")));
    assertThat(outcome.code()).isEqualTo(3);
    assertThat(outcome.lines()).singleElement().asString().startsWith("bln: error: out of memory (Java heap space)");
  }
}
