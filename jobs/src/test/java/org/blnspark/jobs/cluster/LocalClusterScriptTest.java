package org.blnspark.jobs.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * docker/local-cluster.sh refuses a state directory others could tamper with, and a secret others
 * could read, and keeps the directory it starts in private.
 */
class LocalClusterScriptTest {
  private static final Path SCRIPT = Path.of("..", "docker", "local-cluster.sh");

  @TempDir
  Path dir;

  private record Result(int code, String stderr) {}

  private Result status(Path state) throws IOException, InterruptedException {
    ProcessBuilder builder = new ProcessBuilder("bash", SCRIPT.toString(), "status");
    builder.environment().put("BLN_CLUSTER_DIR", state.toString());
    Process process = builder.redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    String stderr = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
    return new Result(process.exitValue(), stderr);
  }

  /**
   * A start, even one that fails (here its master cannot start from a classpath of one empty jar),
   * leaves its state directory readable by no one else (it holds the HDFS address, the secret and
   * the logs), including one an earlier version left open, and a configuration whose UIs cannot
   * kill jobs.
   */
  @Test
  void aStartKeepsItsStateDirectoryPrivateAndItsUisCannotKillJobs() throws Exception {
    Path jar = Files.write(dir.resolve("empty.jar"), new byte[0]);
    Path classpath = Files.writeString(dir.resolve("classpath.txt"), jar + "\n");
    Path openBefore = Files.createDirectory(dir.resolve("open-before"));
    Files.setPosixFilePermissions(openBefore, PosixFilePermissions.fromString("rwxr-xr-x"));
    for (Path state : new Path[] {dir.resolve("fresh"), openBefore}) {
      ProcessBuilder builder = new ProcessBuilder("bash", SCRIPT.toString(), "start", "--workers", "1");
      builder.environment().put("BLN_CLUSTER_DIR", state.toString());
      builder.environment().put("BLN_CLASSPATH_FILE", classpath.toString());
      builder.environment().remove("SPARK_AUTH_SECRET");
      Process process = builder.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
      assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
      assertThat(process.exitValue()).as("a start whose master cannot run").isNotZero();
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(state))).as("mode of %s", state)
          .isEqualTo("rwx------");
      assertThat(Files.readAllLines(state.resolve("conf/spark-defaults.conf")))
          .anyMatch(line -> line.matches("spark\\.ui\\.killEnabled\\s+false"));
    }
  }

  @Test
  void aStateDirectoryOthersCanWriteIsRefused() throws Exception {
    Path state = Files.createDirectory(dir.resolve("open"));
    Files.setPosixFilePermissions(state, PosixFilePermissions.fromString("rwxrwxrwx"));
    Result result = status(state);
    assertThat(result.code()).isNotZero();
    assertThat(result.stderr()).contains("is writable by others (mode 777)");
  }

  @Test
  void aSecretOthersCanReadIsRefused() throws Exception {
    Path state = Files.createDirectory(dir.resolve("leaky"));
    Path secret = Files.writeString(state.resolve("secret"), "not so secret\n");
    Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("rw-r--r--"));
    Result result = status(state);
    assertThat(result.code()).isNotZero();
    assertThat(result.stderr()).contains("secret is readable by others (mode 644)");
    Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("rw-------"));
    assertThat(status(state).stderr()).doesNotContain("readable by others");
  }

  @Test
  void aStateDirectoryOfAnotherUserIsRefused() throws Exception {
    Path state = Files.createDirectory(dir.resolve("theirs"));
    // Only root may give a directory away; another user's machine has it the other way round.
    org.junit.jupiter.api.Assumptions.assumeTrue("root".equals(System.getProperty("user.name")),
        "giving a directory to another user needs root");
    Files.setOwner(state, state.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("nobody"));
    Result result = status(state);
    assertThat(result.code()).isNotZero();
    assertThat(result.stderr()).contains("belongs to user").contains("not to you");
  }
}
