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
  }

  @Test
  void exclusiveAndDependentOptionsAreDeclared() {
    assertThat(CliFailures.oneLine("train", "--data", "d", "--output", "o", "--resume", "--overwrite"))
        .contains("--resume").contains("--overwrite").contains("mutually exclusive");
    assertThat(CliFailures.oneLine("train", "--data", "d", "--output", "o", "--keep-checkpoints", "3"))
        .contains("--checkpoint-dir");
  }
}
