package org.blnspark.jobs.cluster;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.apache.hadoop.yarn.server.MiniYARNCluster;

/**
 * A real YARN (one ResourceManager, one NodeManager) inside this JVM, on MiniYARNCluster from
 * {@code hadoop-client-minicluster}, on 127.0.0.1, with its client configuration written to a
 * directory for {@code HADOOP_CONF_DIR}, beside the {@code fs.defaultFS} of the HDFS it is given.
 */
public final class MiniYarn implements AutoCloseable {
  private final MiniYARNCluster cluster;
  private final Path confDir;

  private MiniYarn(MiniYARNCluster cluster, Path confDir) {
    this.cluster = cluster;
    this.confDir = confDir;
  }

  /**
   * Starts YARN whose NodeManager offers {@code memoryMb} and {@code cores}, and writes
   * {@code yarn-site.xml} and {@code core-site.xml} (with {@code defaultFs}) into {@code confDir}.
   */
  public static MiniYarn start(Path confDir, String defaultFs, int memoryMb, int cores)
      throws IOException, InterruptedException {
    YarnConfiguration conf = new YarnConfiguration();
    conf.set("yarn.resourcemanager.hostname", "127.0.0.1");
    conf.set("yarn.nodemanager.hostname", "127.0.0.1");
    conf.set("yarn.nodemanager.address", "127.0.0.1:0");
    conf.set("yarn.nodemanager.localizer.address", "127.0.0.1:0");
    conf.set("yarn.nodemanager.webapp.address", "127.0.0.1:0");
    conf.set("yarn.resourcemanager.webapp.address", "127.0.0.1:0");
    conf.setInt("yarn.nodemanager.resource.memory-mb", memoryMb);
    conf.setInt("yarn.nodemanager.resource.cpu-vcores", cores);
    conf.setInt("yarn.scheduler.minimum-allocation-mb", 128);
    conf.setInt("yarn.scheduler.maximum-allocation-mb", memoryMb);
    // ND4J's off-heap memory is counted in the container's memory overhead, not checked by
    // virtual size (a JVM reserves far more address space than it uses).
    conf.setBoolean("yarn.nodemanager.vmem-check-enabled", false);
    // A full shared disk must not mark the only NodeManager unhealthy.
    conf.setBoolean("yarn.nodemanager.disk-health-checker.enable", false);
    conf.set("yarn.nodemanager.disk-health-checker.max-disk-utilization-per-disk-percentage", "100.0");
    // One queue, whose applications may take all of it: a driver in cluster mode is the
    // application master, and the default 10% would leave it waiting for ever.
    conf.set("yarn.scheduler.capacity.root.queues", "default");
    conf.set("yarn.scheduler.capacity.root.default.capacity", "100");
    conf.set("yarn.scheduler.capacity.maximum-am-resource-percent", "1.0");
    conf.set("fs.defaultFS", defaultFs);
    MiniYARNCluster cluster = new MiniYARNCluster(MiniYarn.class.getSimpleName(), 1, 1, 1);
    cluster.init(conf);
    cluster.start();
    // start() can return before the ResourceManager has put its bound port in the configuration.
    Configuration running = cluster.getConfig();
    Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
    while (running.get(YarnConfiguration.RM_ADDRESS).endsWith(":0")) {
      if (Instant.now().isAfter(deadline)) {
        cluster.stop();
        throw new IllegalStateException("the ResourceManager did not publish its address");
      }
      Thread.sleep(100);
    }
    Files.createDirectories(confDir);
    try (OutputStream out = Files.newOutputStream(confDir.resolve("yarn-site.xml"))) {
      running.writeXml(out);
    }
    Configuration core = new Configuration(false);
    core.set("fs.defaultFS", defaultFs);
    try (OutputStream out = Files.newOutputStream(confDir.resolve("core-site.xml"))) {
      core.writeXml(out);
    }
    return new MiniYarn(cluster, confDir);
  }

  /**
   * The executors of the newest application: the containers whose JVM runs Spark's executor
   * backend (the application master's does not), with their logs in the NodeManager's log
   * directory ({@code APP/CONTAINER/stderr}). A container's JVM runs in a directory named after
   * the container, under the wrappers' shells, which run there too.
   */
  List<ExecutorKiller.Executor> executorsOfNewestApp() throws IOException {
    Path logs = Path.of(cluster.getNodeManager(0).getConfig().get(YarnConfiguration.NM_LOG_DIRS).split(",")[0]);
    Optional<Path> app;
    try (Stream<Path> apps = Files.list(logs)) {
      app = apps.max(Comparator.comparing(Path::getFileName));
    }
    if (app.isEmpty()) {
      return List.of();
    }
    List<ExecutorKiller.Executor> executors = new ArrayList<>();
    try (Stream<Path> containers = Files.list(app.get())) {
      for (Path container : containers.toList()) {
        Optional<Long> jvm = ProcessHandle.allProcesses()
            .filter(p -> p.info().command().map(command -> command.endsWith("/java")).orElse(false))
            .map(ProcessHandle::pid)
            .filter(pid -> LocalCluster.cwd(pid).map(dir -> dir.getFileName().equals(container.getFileName()))
                .orElse(false))
            .findFirst();
        Optional<String> executorId = jvm.flatMap(MiniYarn::executorId);
        if (executorId.isPresent()) {
          executors.add(new ExecutorKiller.Executor(app.get().getFileName().toString(), executorId.get(),
              container.resolve("stderr"), jvm));
        }
      }
    }
    return executors;
  }

  /** The {@code --executor-id} of a running executor backend, from its command line. */
  private static Optional<String> executorId(long pid) {
    try {
      List<String> args = List.of(new String(Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline")),
          StandardCharsets.UTF_8).split("\0"));
      int flag = args.indexOf("--executor-id");
      return flag >= 0 && flag + 1 < args.size() ? Optional.of(args.get(flag + 1)) : Optional.empty();
    } catch (IOException goneMeanwhile) {
      return Optional.empty();
    }
  }

  /** The directory for {@code HADOOP_CONF_DIR}. */
  public Path confDir() {
    return confDir;
  }

  @Override
  public void close() {
    cluster.stop();
  }
}
