package org.blnspark.jobs.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** docker/build-base.sh fetches Debian's packages from the mirror this machine's own apt uses. */
class BuildBaseScriptTest {
  private static final Path SCRIPT = Path.of("..", "docker", "build-base.sh");

  @TempDir
  Path apt;

  private record Result(int code, String stdout, String stderr) {}

  /** {@code build-base.sh --mirror} with apt's sources under {@link #apt}, and the environment given. */
  private Result mirror(Map<String, String> environment) throws IOException, InterruptedException {
    ProcessBuilder builder = new ProcessBuilder("bash", SCRIPT.toString(), "--mirror");
    builder.environment().remove("BLN_DEBIAN_MIRROR");
    builder.environment().put("BLN_APT_DIR", apt.toString());
    builder.environment().putAll(environment);
    Process process = builder.start();
    String stdout = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    String stderr = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
    return new Result(process.exitValue(), stdout, stderr);
  }

  @Test
  void theMirrorIsTheFirstNonSecuritySourceOfAptsDeb822Files() throws Exception {
    Files.createDirectories(apt.resolve("sources.list.d"));
    Files.writeString(apt.resolve("sources.list.d/debian.sources"), """
        Types: deb
        # http://snapshot.debian.org/archive/debian-security/20250520T000000Z
        URIs: http://security.example.org/debian-security
        Suites: bookworm-security
        Components: main

        Types: deb-src deb
        URIs: http://mirror.example.org/debian
        Suites: bookworm bookworm-updates
        Components: main
        """);
    assertThat(mirror(Map.of())).isEqualTo(new Result(0, "http://mirror.example.org/debian", ""));
  }

  @Test
  void theMirrorIsReadFromAOneLineSourcesListWithOptions() throws Exception {
    Files.writeString(apt.resolve("sources.list"), """
        # deb http://commented.example.org/debian bookworm main
        deb http://security.example.org/debian-security bookworm-security main
        deb [arch=amd64 signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] http://list.example.org/debian bookworm main
        """);
    assertThat(mirror(Map.of()).stdout()).isEqualTo("http://list.example.org/debian");
  }

  @Test
  void blnDebianMirrorOverridesAptsSources() throws Exception {
    Files.writeString(apt.resolve("sources.list"), "deb http://list.example.org/debian bookworm main\n");
    assertThat(mirror(Map.of("BLN_DEBIAN_MIRROR", "http://chosen.example.org/debian")).stdout())
        .isEqualTo("http://chosen.example.org/debian");
  }

  @Test
  void noSourceIsOneLineNamingTheOverrideAndExit2() throws Exception {
    Result result = mirror(Map.of());
    assertThat(result.code()).isEqualTo(2);
    assertThat(result.stderr().lines()).singleElement().asString().contains("no Debian source in " + apt)
        .contains("set BLN_DEBIAN_MIRROR");
  }
}
