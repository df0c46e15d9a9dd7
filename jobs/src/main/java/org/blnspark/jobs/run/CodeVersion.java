package org.blnspark.jobs.run;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarFile;

/**
 * The code that computed a result: a git commit, and whether the tree it was built from had
 * changes that commit does not hold. A cell, checkpoint or model records it, so that results of
 * different code are never taken for one another.
 *
 * @param commit the full commit hash, or {@value #UNKNOWN} when neither the jar nor git says
 * @param dirty true when the tree differed from the commit, so the commit alone does not give the code
 */
public record CodeVersion(String commit, boolean dirty) {
  /** The commit of code whose origin is not known, such as a copy of the classes outside a git tree. */
  public static final String UNKNOWN = "unknown";
  /** The jar manifest's attribute that holds the commit; {@code jobs/pom.xml} writes it at build time. */
  static final String COMMIT_ATTRIBUTE = "Bln-Git-Commit";
  /** The jar manifest's attribute that says whether the tree was dirty ("true" or "false"). */
  static final String DIRTY_ATTRIBUTE = "Bln-Git-Dirty";

  private static final CodeVersion CURRENT = find();

  public CodeVersion {
    Objects.requireNonNull(commit, "commit");
  }

  /** The version of the code running now: from the jar's manifest, or from git when run from classes. */
  public static CodeVersion current() {
    return CURRENT;
  }

  /** The commit's first 10 characters, with a mark when the tree was dirty: {@code 051860d1a2+dirty}. */
  public String describe() {
    return commit.substring(0, Math.min(10, commit.length())) + (dirty ? "+dirty" : "");
  }

  @Override
  public String toString() {
    return describe();
  }

  private static CodeVersion find() {
    try {
      return of(Path.of(CodeVersion.class.getProtectionDomain().getCodeSource().getLocation().toURI()));
    } catch (URISyntaxException | RuntimeException e) {
      return new CodeVersion(UNKNOWN, false);
    }
  }

  /** The version of the code at {@code location}: a jar, or a directory of classes inside a git tree. */
  static CodeVersion of(Path location) {
    try {
      return Files.isDirectory(location) ? fromGit(location) : fromManifest(location);
    } catch (IOException e) {
      return new CodeVersion(UNKNOWN, false);
    }
  }

  private static CodeVersion fromManifest(Path jar) throws IOException {
    try (JarFile file = new JarFile(jar.toFile())) {
      Attributes attributes = file.getManifest() == null ? new Attributes() : file.getManifest().getMainAttributes();
      String commit = attributes.getValue(COMMIT_ATTRIBUTE);
      return commit == null || commit.isBlank() ? new CodeVersion(UNKNOWN, false)
          : new CodeVersion(commit, Boolean.parseBoolean(attributes.getValue(DIRTY_ATTRIBUTE)));
    }
  }

  /**
   * Classes run from a build directory, as {@code bin/bln} and the tests do: git is asked now rather
   * than at build time, since a commit made after the build, which changes no source, would leave a
   * recorded commit stale.
   */
  private static CodeVersion fromGit(Path classes) throws IOException {
    String commit = git(classes, "rev-parse", "HEAD");
    if (commit == null || commit.isBlank()) {
      return new CodeVersion(UNKNOWN, false);
    }
    String status = git(classes, "status", "--porcelain");
    return new CodeVersion(commit.strip(), status == null || !status.isBlank());
  }

  /** What git prints, or null when it fails or takes longer than a few seconds. */
  private static String git(Path directory, String... arguments) throws IOException {
    List<String> command = new java.util.ArrayList<>(List.of("git", "-C", directory.toString()));
    command.addAll(List.of(arguments));
    Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    try (InputStream out = process.getInputStream()) {
      String text = new String(out.readAllBytes(), StandardCharsets.UTF_8);
      return process.waitFor(10, TimeUnit.SECONDS) && process.exitValue() == 0 ? text : null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroy();
      return null;
    }
  }
}
