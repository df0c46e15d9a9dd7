package org.blnspark.model.onnx;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** ONNX's own checker ({@code onnx.checker.check_model}, full check), where Debian's python3-onnx is installed. */
final class OnnxChecker {
  private static final String PYTHON = "/usr/bin/python3";

  private OnnxChecker() {}

  static boolean available() {
    try {
      return run("import onnx").exitCode == 0;
    } catch (IOException e) {
      return false;
    }
  }

  /** The checker's complaint about {@code model}, or null when it passes. */
  static String problems(Path model) throws IOException {
    Outcome outcome = run("import onnx, sys; onnx.checker.check_model(onnx.load(sys.argv[1]), full_check=True)",
        model.toString());
    return outcome.exitCode == 0 ? null : outcome.output;
  }

  private record Outcome(int exitCode, String output) {}

  private static Outcome run(String script, String... args) throws IOException {
    String[] command = new String[3 + args.length];
    command[0] = PYTHON;
    command[1] = "-c";
    command[2] = script;
    System.arraycopy(args, 0, command, 3, args.length);
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    try {
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        return new Outcome(-1, "timed out");
      }
      return new Outcome(process.exitValue(), output);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(e);
    }
  }
}
