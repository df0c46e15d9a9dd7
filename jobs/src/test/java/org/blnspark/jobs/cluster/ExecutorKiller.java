package org.blnspark.jobs.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.regex.MatchResult;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Kills an executor's JVM with SIGKILL while it runs a task that reads a shuffle, as a lost node
 * would. The integration tests of every cluster manager share it; each lists its executors in its
 * own way (a standalone worker's {@code work/} directory, a NodeManager's container logs).
 */
final class ExecutorKiller {
  private static final Pattern RUNNING = Pattern.compile("Running task (\\d+)\\.0 in stage ([0-9.]+) \\(TID (\\d+)\\)");

  private ExecutorKiller() {}

  /**
   * An executor of the application under test: its id as the driver names it ("Lost executor
   * ID"), its stderr log, and the pid of its JVM while it runs.
   */
  record Executor(String app, String id, Path stderr, Optional<Long> pid) {}

  /** How a cluster lists the executors of its newest application. */
  @FunctionalInterface
  interface Executors {
    List<Executor> ofNewestApp() throws IOException;
  }

  /** The executor killed, and the task it ran: its index in the stage, the stage (N.attempt) and TID. */
  record KilledTask(String app, String executor, String task, String stage, String tid) {
    /** The stage's number, without its attempt. */
    String stageNumber() {
      return stage.split("\\.")[0];
    }
  }

  /**
   * Waits (up to 300 s) until an executor runs a task of an {@code eligible} stage (by its number)
   * that has started reading a shuffle (DL4J repartitions the examples through one before
   * training), then kills that executor's JVM.
   */
  static KilledTask killInShuffleReadingTask(Process driver, Executors executors, Predicate<String> eligible)
      throws Exception {
    long deadline = System.nanoTime() + 300_000_000_000L;
    while (System.nanoTime() < deadline) {
      assertThat(driver.isAlive()).as("the driver, before any shuffle-reading task was seen").isTrue();
      for (Executor executor : executors.ofNewestApp()) {
        String text = Files.exists(executor.stderr()) ? LocalCluster.text(executor.stderr()) : "";
        Matcher running = RUNNING.matcher(text);
        MatchResult last = null;
        while (running.find()) {
          last = running.toMatchResult();
        }
        if (last == null || executor.pid().isEmpty() || text.contains("(TID " + last.group(3) + "). ")
            || !text.substring(last.end()).contains("ShuffleBlockFetcherIterator: Getting")) {
          continue;
        }
        KilledTask task = new KilledTask(executor.app(), executor.id(), last.group(1), last.group(2), last.group(3));
        if (eligible.test(task.stageNumber())) {
          ProcessHandle.of(executor.pid().get()).ifPresent(ProcessHandle::destroyForcibly);
          System.out.printf("killed executor %s (pid %d) in %s%n", executor.id(), executor.pid().get(),
              last.group());
          return task;
        }
      }
      Thread.sleep(100);
    }
    throw new AssertionError("no shuffle-reading task seen on any executor");
  }
}
