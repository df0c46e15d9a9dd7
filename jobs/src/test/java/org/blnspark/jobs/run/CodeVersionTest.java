package org.blnspark.jobs.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The code version from a jar's manifest, and from git for classes in a real repository, clean and dirty. */
class CodeVersionTest {
  @TempDir
  Path dir;

  @Test
  void aJarTellsItsCommitAndDirtyFlagInItsManifest() throws IOException {
    assertThat(CodeVersion.of(jar("clean.jar", "0123456789abcdef0123456789abcdef01234567", "false")))
        .isEqualTo(new CodeVersion("0123456789abcdef0123456789abcdef01234567", false));
    assertThat(CodeVersion.of(jar("dirty.jar", "89abcdef0123456789abcdef0123456789abcdef", "true")))
        .isEqualTo(new CodeVersion("89abcdef0123456789abcdef0123456789abcdef", true));
    assertThat(CodeVersion.of(jar("plain.jar", null, null))).isEqualTo(new CodeVersion(CodeVersion.UNKNOWN, false));
  }

  @Test
  void classesInAGitTreeTakeItsHeadAndWhetherItHasChanges() throws Exception {
    Path repo = Files.createDirectory(dir.resolve("repo"));
    git(repo, "init", "-q");
    Files.writeString(repo.resolve("Source.java"), "class Source {}\n");
    git(repo, "add", "Source.java");
    git(repo, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-q", "-m", "first");
    Path classes = Files.createDirectories(repo.resolve("target/classes"));
    Files.writeString(repo.resolve(".gitignore"), "target/\n");
    git(repo, "add", ".gitignore");
    git(repo, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-q", "-m", "ignore the build");
    String head = git(repo, "rev-parse", "HEAD").strip();

    assertThat(CodeVersion.of(classes)).isEqualTo(new CodeVersion(head, false));
    Files.writeString(repo.resolve("Source.java"), "class Source { int changed; }\n");
    assertThat(CodeVersion.of(classes)).isEqualTo(new CodeVersion(head, true));
    assertThat(CodeVersion.of(Files.createDirectory(dir.resolve("outside")))).as("no git tree")
        .isEqualTo(new CodeVersion(CodeVersion.UNKNOWN, false));
  }

  @Test
  void theseClassesAndBlnVersionNameThisTreesCommit() throws Exception {
    // The tests run from jobs/target/classes in this git tree; git, asked here, says what it holds.
    Path tree = Path.of("").toAbsolutePath();
    String head = git(tree, "rev-parse", "HEAD").strip();
    boolean dirty = !git(tree, "status", "--porcelain").isBlank();
    assertThat(CodeVersion.current()).isEqualTo(new CodeVersion(head, dirty));

    java.io.StringWriter out = new java.io.StringWriter();
    new picocli.CommandLine(new org.blnspark.jobs.cli.BlnCommand()).setOut(new java.io.PrintWriter(out, true))
        .execute("--version");
    // The pom's version before it is CommandLineTest's to check.
    assertThat(out.toString().strip()).startsWith("bln-spark ").endsWith(", commit " + head.substring(0, 10)
        + (dirty ? "+dirty" : ""));
  }

  @Test
  void theDescriptionIsShortAndMarksADirtyTree() {
    assertThat(new CodeVersion("0123456789abcdef", true).describe()).isEqualTo("0123456789+dirty");
    assertThat(new CodeVersion("0123456789abcdef", false).describe()).isEqualTo("0123456789");
  }

  private Path jar(String name, String commit, String dirty) throws IOException {
    Manifest manifest = new Manifest();
    manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
    if (commit != null) {
      manifest.getMainAttributes().putValue("Bln-Git-Commit", commit);
      manifest.getMainAttributes().putValue("Bln-Git-Dirty", dirty);
    }
    Path jar = dir.resolve(name);
    try (OutputStream out = Files.newOutputStream(jar); JarOutputStream ignored = new JarOutputStream(out, manifest)) {
      return jar;
    }
  }

  private static String git(Path repo, String... arguments) throws Exception {
    List<String> command = new java.util.ArrayList<>(List.of("git", "-C", repo.toString()));
    command.addAll(List.of(arguments));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as("git %s: %s", command, out).isZero();
    return out;
  }
}
