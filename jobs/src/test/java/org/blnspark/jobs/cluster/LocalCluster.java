package org.blnspark.jobs.cluster;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A cluster of docker/local-cluster.sh in its own state directory, for integration tests: starts
 * it, runs {@code submit} as a child process, finds the executors, and stops everything. Every
 * process it starts (daemons and drivers) carries the state directory's marker, and the executors
 * run in its {@code work/}, so {@link #leftoverProcesses()} finds whatever is still running.
 */
final class LocalCluster implements AutoCloseable {
  /** The repository root: failsafe runs in the jobs module. */
  static final Path ROOT = Path.of("").toAbsolutePath().getParent();
  private static final Path SCRIPT = ROOT.resolve("docker/local-cluster.sh");

  final Path state;
  private final Map<String, String> environment = new HashMap<>();

  /** A finished command: its exit code and its output (stdout and stderr, interleaved). */
  record Run(int exitCode, String output) {
    List<String> lines() {
      return output.lines().toList();
    }
  }

  /**
   * Starts the master, {@code workers} workers of one core and HDFS, on free ports, after
   * stopping whatever a crashed earlier run left in {@code state}. The HDFS JVM gets this test
   * JVM's classpath, which holds hadoop-client-minicluster already.
   *
   * @param submitOptions extra spark-submit options for every {@link #submit}
   */
  static LocalCluster start(Path state, int workers, String submitOptions) throws IOException, InterruptedException {
    LocalCluster cluster = new LocalCluster(state);
    cluster.script(120, "stop");
    deleteRecursively(state);
    Files.createDirectories(state.resolve("drivers"));
    Path classpath = Files.writeString(state.resolve("test-classpath.txt"),
        System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")));
    cluster.environment.put("BLN_HDFS_CLASSPATH_FILE", classpath.toString());
    cluster.environment.put("BLN_MASTER_PORT", String.valueOf(freePort()));
    cluster.environment.put("BLN_MASTER_UI_PORT", String.valueOf(freePort()));
    cluster.environment.put("BLN_WORKER_UI_PORT", String.valueOf(freePort()));
    cluster.environment.put("BLN_SUBMIT_OPTS", submitOptions);
    Run start = cluster.script(300, "start", "--workers", String.valueOf(workers), "--cores", "1", "--hdfs");
    if (start.exitCode() != 0) {
      cluster.close();
      throw new IllegalStateException("local-cluster.sh start failed:\n" + start.output());
    }
    return cluster;
  }

  private LocalCluster(Path state) {
    this.state = state.toAbsolutePath().normalize();
    environment.put("BLN_CLUSTER_DIR", this.state.toString());
  }

  /** {@code hdfs://127.0.0.1:PORT} */
  String hdfs() throws IOException {
    return Files.readString(state.resolve("hdfs-uri")).trim();
  }

  /** Starts {@code local-cluster.sh submit <bln args>}; its output goes to {@code drivers/NAME.log}. */
  Process submit(String name, String... blnArgs) throws IOException {
    return submit(name, Map.of(), blnArgs);
  }

  /** As {@link #submit(String, String...)}, with {@code more} added to the script's environment. */
  Process submit(String name, Map<String, String> more, String... blnArgs) throws IOException {
    List<String> command = new ArrayList<>(List.of(SCRIPT.toString(), "submit"));
    command.addAll(Arrays.asList(blnArgs));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(driverLog(name).toFile());
    builder.environment().putAll(environment);
    builder.environment().putAll(more);
    return builder.start();
  }

  /** Runs a submit to its end; a submit still running after {@code timeoutSeconds} is killed and fails the test. */
  Run submitAndWait(long timeoutSeconds, String name, String... blnArgs) throws IOException, InterruptedException {
    return waitFor(submit(name, blnArgs), timeoutSeconds, driverLog(name));
  }

  Path driverLog(String name) {
    return state.resolve("drivers").resolve(name + ".log");
  }

  /** Waits for a process this cluster started; kills it (and its children) if it outlives the timeout. */
  static Run waitFor(Process process, long timeoutSeconds, Path log) throws IOException, InterruptedException {
    try {
      if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
        throw new IllegalStateException("still running after " + timeoutSeconds + " s; log: " + log);
      }
    } finally {
      destroy(process);
    }
    return new Run(process.exitValue(), text(log));
  }

  /** Kills a process and its descendants, and waits until they are gone. */
  static void destroy(Process process) throws InterruptedException {
    List<ProcessHandle> all = new ArrayList<>(process.descendants().toList());
    all.add(process.toHandle());
    all.forEach(ProcessHandle::destroyForcibly);
    for (ProcessHandle handle : all) {
      handle.onExit().orTimeout(30, TimeUnit.SECONDS).exceptionally(e -> handle).join();
    }
  }

  /** The executor directories ({@code work/worker-N/app-TIME-N/ID}) of the newest application. */
  List<Path> executorsOfNewestApp() throws IOException {
    Path work = state.resolve("work");
    List<Path> executors;
    try (Stream<Path> paths = Files.walk(work, 3)) {
      executors = paths.filter(p -> work.relativize(p).getNameCount() == 3 && Files.isDirectory(p)).toList();
    }
    String newest = executors.stream().map(LocalCluster::app).max(String::compareTo).orElse("");
    return executors.stream().filter(p -> app(p).equals(newest)).toList();
  }

  /** The executors of the newest application, as {@link ExecutorKiller} finds them. */
  List<ExecutorKiller.Executor> executorProcessesOfNewestApp() throws IOException {
    return executorsOfNewestApp().stream().map(dir -> new ExecutorKiller.Executor(app(dir),
        dir.getFileName().toString(), dir.resolve("stderr"), executorPid(dir))).toList();
  }

  /** The application id of an executor directory. */
  static String app(Path executorDir) {
    return executorDir.getParent().getFileName().toString();
  }

  /** A log that may be written to meanwhile: a half-written character must not fail the read. */
  static String text(Path file) throws IOException {
    return new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
  }

  /** The pid of the executor JVM running in {@code executorDir}, if it runs. */
  static Optional<Long> executorPid(Path executorDir) {
    return ProcessHandle.allProcesses().map(ProcessHandle::pid)
        .filter(pid -> cwd(pid).map(executorDir::equals).orElse(false)).findFirst();
  }

  /**
   * Every live process of this cluster: JVMs whose command line carries the state directory's
   * marker (daemons and drivers), and executors, which run in its {@code work/}.
   */
  List<Long> leftoverProcesses() {
    String marker = "-Dbln.cluster.dir=" + state;
    Path work = state.resolve("work");
    return ProcessHandle.allProcesses().map(ProcessHandle::pid).filter(pid -> {
      try {
        List<String> args = Arrays.asList(new String(Files.readAllBytes(Path.of("/proc", pid.toString(), "cmdline")),
            StandardCharsets.UTF_8).split("\0"));
        return args.contains(marker) || cwd(pid).map(dir -> dir.startsWith(work)).orElse(false);
      } catch (IOException e) {
        return false; // gone meanwhile
      }
    }).toList();
  }

  /** {@code local-cluster.sh stop}: the daemons, then any executor left in work/. */
  @Override
  public void close() throws IOException, InterruptedException {
    Run stop = script(120, "stop");
    if (stop.exitCode() != 0) {
      throw new IllegalStateException("local-cluster.sh stop failed:\n" + stop.output());
    }
    // Each executor copied the 170 MB application jar into work/; its logs stay.
    try (Stream<Path> files = Files.walk(state.resolve("work"))) {
      for (Path jar : files.filter(p -> p.toString().endsWith(".jar")).toList()) {
        Files.delete(jar);
      }
    } catch (java.nio.file.NoSuchFileException ignored) {
      // Never started.
    }
  }

  private Run script(long timeoutSeconds, String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(SCRIPT.toString()));
    command.addAll(Arrays.asList(args));
    Files.createDirectories(state);
    Path log = state.resolve("script-" + args[0] + ".log");
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    builder.environment().putAll(environment);
    return waitFor(builder.start(), timeoutSeconds, log);
  }

  static Optional<Path> cwd(long pid) {
    try {
      return Optional.of(Files.readSymbolicLink(Path.of("/proc", String.valueOf(pid), "cwd")));
    } catch (IOException | UnsupportedOperationException | SecurityException e) {
      return Optional.empty();
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  static void deleteRecursively(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
