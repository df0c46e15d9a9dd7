package org.blnspark.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPathFactory;
import org.blnspark.jobs.run.CodeVersion;
import org.junit.jupiter.api.Test;

/** The command line's shape, read from its own help and version: no Spark job runs. */
class CommandLineTest {
  @Test
  void theVersionIsThePomsAndTheCodeVersion() throws Exception {
    // The tests run in jobs/, whose pom names the version it inherits.
    String pomVersion = XPathFactory.newInstance().newXPath().evaluate("/project/parent/version",
        DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(Path.of("pom.xml").toFile()));
    assertThat(pomVersion).isNotBlank();
    assertThat(CliStdout.of("--version").strip())
        .isEqualTo("bln-spark " + pomVersion + ", commit " + CodeVersion.current().describe());
  }

  @Test
  void sweepOffersNoOptionItsGridOverwrites() {
    String help = CliStdout.of("sweep", "--help");
    assertThat(help).contains("--norms", "--batch-sizes", "--workers-list", "--seeds", "--epochs", "--model");
    assertThat(help).doesNotContain("--norm ", "--norm=", "--batch-size ", "--batch-size=", "--workers ",
        "--workers=", "--seed ", "--seed=");
    assertThat(CliStdout.of("train", "--help")).contains("--norm=", "--batch-size=", "--workers=", "--seed=");
    for (String ignored : new String[] {"--norm", "--batch-size", "--workers", "--seed"}) {
      assertThat(CliFailures.oneLine("sweep", "--data", "d", "--output", "o", ignored, "2"))
          .contains("Unknown option").contains(ignored);
    }
  }

  @Test
  void everyCommandsHelpListsTheExitCodes() {
    for (String command : new String[] {"train", "sweep", "predict", "evaluate"}) {
      assertThat(CliStdout.of(command, "--help")).as(command).contains("Exit codes:")
          .containsPattern("\\s2\\s+input you can fix").containsPattern("\\s1\\s+a bug").containsPattern("\\s3\\s+out of memory");
    }
  }

  @Test
  void theProjectsTypesAreConvertedOnceForEveryCommand() {
    assertThat(CliFailures.oneLine("recalibrate", "--model", "m", "--data", "d", "--output", "o", "--estimator",
        "median")).contains("--estimator").contains("unknown estimator 'median'");
    assertThat(CliFailures.oneLine("predict", "--model", "m", "--data", "d", "--output", "o", "--inference",
        "PPXB")).contains("--inference").contains("four letters of P");
    assertThat(CliFailures.oneLine("sweep", "--data", "d", "--output", "o", "--norms", "bln,group"))
        .contains("unknown norm 'group'");
    assertThat(CliFailures.oneLine("predict", "--model", "m", "--data", "d", "--output", "o", "--split", "training"))
        .contains("--split").contains("unknown split 'training'");
    assertThat(CliFailures.oneLine("train", "--data", "d", "--output", "o", "--budget", "weeks:3"))
        .contains("--budget").contains("a budget is epochs:N or updates:N");
    assertThat(CliFailures.oneLine("sweep", "--data", "d", "--output", "o", "--lr-schedule", "linear"))
        .contains("--lr-schedule").contains("unknown learning-rate schedule 'linear'");
    assertThat(CliFailures.oneLine("export", "--model", "m", "--output", "o", "--inference", "PPXB"))
        .contains("--inference").contains("four letters of P");
    assertThat(CliFailures.oneLine("evaluate", "--model", "m", "--data", "d", "--inference", "PPBB,PPXB"))
        .contains("--inference").contains("four letters of P");
  }

  @Test
  void everyCommandChecksTheBatchSizeWithOneRuleAndOneMessage() {
    String[][] commands = {
        {"train", "--data", "d", "--output", "o", "--batch-size"},
        {"sweep", "--data", "d", "--output", "o", "--batch-sizes"},
        {"evaluate", "--model", "m", "--data", "d", "--batch-size"},
        {"predict", "--model", "m", "--data", "d", "--output", "o", "--batch-size"},
        {"bench", "--data", "d", "--batch-size"}};
    for (String[] command : commands) {
      String option = command[command.length - 1];
      assertThat(CliFailures.oneLine(append(command, "0"))).as(command[0]).contains(option)
          .contains("batch size must be at least 1, got 0");
      assertThat(CliFailures.oneLine(append(command, "ten"))).as(command[0]).contains(option)
          .contains("'ten' is not a whole number");
    }
  }

  @Test
  void exclusiveAndDependentOptionsAreDeclared() {
    assertThat(CliFailures.oneLine("train", "--data", "d", "--output", "o", "--resume", "--overwrite"))
        .contains("--resume").contains("--overwrite").contains("mutually exclusive");
    assertThat(CliFailures.oneLine("train", "--data", "d", "--output", "o", "--keep-checkpoints", "3"))
        .contains("--checkpoint-dir");
    assertThat(CliFailures.oneLine("train", "--data", "d", "--output", "o", "--model", "mlp", "--model-config", "c"))
        .contains("--model").contains("--model-config").contains("mutually exclusive");
    assertThat(CliFailures.oneLine("sweep", "--data", "d", "--output", "o", "--epochs", "2", "--budget",
        "updates:3")).contains("--epochs").contains("--budget").contains("mutually exclusive");
  }

  private static String[] append(String[] command, String value) {
    String[] args = java.util.Arrays.copyOf(command, command.length + 1);
    args[command.length] = value;
    return args;
  }
}
