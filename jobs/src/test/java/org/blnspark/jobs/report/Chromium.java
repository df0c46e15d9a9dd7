package org.blnspark.jobs.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Debian's headless Chromium, run on a page as a person's browser would open it from a folder:
 * what the page said on its console, whether its images loaded, and a screenshot.
 */
final class Chromium {
  private static final Path BINARY = Path.of("/usr/bin/chromium");
  private static final Pattern TITLE = Pattern.compile("<title>(.*?)</title>", Pattern.DOTALL);

  /** What a page showed: its console messages, its images (loaded or broken), and its DOM after load. */
  record Rendering(List<String> console, int images, int brokenImages, String dom) {}

  private final Path profile;

  private Chromium(Path profile) {
    this.profile = profile;
  }

  /** Chromium, if it is installed; its profile lives in {@code work}. */
  static Optional<Chromium> find(Path work) {
    return Files.isExecutable(BINARY) ? Optional.of(new Chromium(work.resolve("chromium-profile"))) : Optional.empty();
  }

  /**
   * Opens {@code page} from its folder. The images are counted by a copy of the page with a
   * script added at its end, which writes into the title how many loaded; the page itself is
   * opened unchanged for its console and its screenshot.
   */
  Rendering render(Path page, Path screenshot) throws IOException, InterruptedException {
    String html = Files.readString(page);
    Path probe = page.resolveSibling(".probe-" + page.getFileName());
    Files.writeString(probe, html.replace("</body>", "<script>window.addEventListener('load', () => {"
        + "const imgs = [...document.images];"
        + "document.title = 'IMAGES ' + imgs.length + ' BROKEN ' + imgs.filter(i => !i.complete || i.naturalWidth === 0)"
        + ".length;});</script></body>"));
    String dom;
    try {
      dom = run(List.of("--dump-dom", probe.toUri().toString())).stdout();
    } finally {
      Files.delete(probe);
    }
    Matcher title = TITLE.matcher(dom);
    if (!title.find() || !title.group(1).startsWith("IMAGES ")) {
      throw new IllegalStateException("the probe did not run in " + page + ": " + dom);
    }
    String[] counts = title.group(1).split(" ");
    Run plain = run(List.of("--window-size=1280,2400", "--screenshot=" + screenshot, page.toUri().toString()));
    List<String> console = plain.stderr().lines().filter(l -> l.contains(":CONSOLE")).toList();
    return new Rendering(console, Integer.parseInt(counts[1]), Integer.parseInt(counts[3]), dom);
  }

  private record Run(String stdout, String stderr) {}

  private Run run(List<String> arguments) throws IOException, InterruptedException {
    // The flags this machine needs: no sandbox as root, no network or background services.
    List<String> command = new ArrayList<>(List.of(BINARY.toString(), "--headless", "--no-sandbox", "--disable-gpu",
        "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--user-data-dir=" + profile, "--enable-logging=stderr", "--v=0",
        "--allow-file-access-from-files", "--virtual-time-budget=5000"));
    command.addAll(arguments);
    Path out = Files.createTempFile("chromium", ".out");
    Path err = Files.createTempFile("chromium", ".err");
    try {
      Process process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
      if (!process.waitFor(120, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IllegalStateException("chromium did not finish within 120 s: " + command);
      }
      return new Run(Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
    } finally {
      Files.deleteIfExists(out);
      Files.deleteIfExists(err);
    }
  }
}
