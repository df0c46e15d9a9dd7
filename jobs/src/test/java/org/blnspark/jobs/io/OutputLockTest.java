package org.blnspark.jobs.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.hadoop.conf.Configuration;
import org.blnspark.model.BadInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One writer per output directory, even when several runs start at the same moment. */
class OutputLockTest {
  private static final int ROUNDS = 200;
  private static final int RUNS = 4;

  @TempDir
  Path dir;

  @Test
  void ofRunsStartingTogetherExactlyOneGetsTheLock() throws Exception {
    assertExactlyOneOfRunsStartingTogetherGetsTheLock(round -> dir.resolve("out-" + round).toString());
  }

  /**
   * A killed run's marker, found by several runs at once: each of them sees a dead holder, and
   * still only one may take it over.
   */
  @Test
  void ofRunsTakingOverAKilledRunsLockTogetherExactlyOneGetsIt() throws Exception {
    String killed = killedRunsHolder();
    assertExactlyOneOfRunsStartingTogetherGetsTheLock(round -> {
      Path output = Files.createDirectories(dir.resolve("stale-" + round));
      Files.writeString(output.resolve(OutputLock.NAME), killed + "\n");
      return output.toString();
    });
    try (var left = Files.list(dir.resolve("stale-0"))) {
      assertThat(left).as("files left after the lock was released").isEmpty();
    }
  }

  /** A marker that is no longer ours (deleted by hand, then taken by another run) is left to its holder. */
  @Test
  void closingLeavesAMarkerThatIsNotOurs() throws Exception {
    HadoopFiles files = new HadoopFiles(new Configuration());
    String output = dir.resolve("replaced").toString();
    OutputLock first = OutputLock.acquire(files, output);
    Path marker = dir.resolve("replaced").resolve(OutputLock.NAME);
    Files.delete(marker);
    try (OutputLock second = OutputLock.acquire(files, output)) {
      String secondsMarker = Files.readString(marker);
      first.close();
      assertThat(marker).as("the second run's marker, after the first run closed its lock").exists();
      assertThat(Files.readString(marker)).isEqualTo(secondsMarker);
    }
    assertThat(marker).doesNotExist();
  }

  /** The first line of a marker left by a run of this host that was killed. */
  private static String killedRunsHolder() throws Exception {
    Process gone = new ProcessBuilder("true").start();
    gone.waitFor();
    String here = ManagementFactory.getRuntimeMXBean().getName();
    return "pid " + gone.pid() + here.substring(here.indexOf('@')) + " since 2026-01-01T00:00:00Z";
  }

  /** Output directories, one per round. */
  @FunctionalInterface
  private interface Outputs {
    String of(int round) throws Exception;
  }

  private static void assertExactlyOneOfRunsStartingTogetherGetsTheLock(Outputs outputs) throws Exception {
    HadoopFiles files = new HadoopFiles(new Configuration());
    ExecutorService pool = Executors.newFixedThreadPool(RUNS);
    try {
      for (int round = 0; round < ROUNDS; round++) {
        String output = outputs.of(round);
        CyclicBarrier start = new CyclicBarrier(RUNS);
        List<Future<OutputLock>> attempts = new ArrayList<>();
        for (int run = 0; run < RUNS; run++) {
          attempts.add(pool.submit(() -> {
            start.await();
            try {
              return OutputLock.acquire(files, output);
            } catch (BadInputException refused) {
              return null;
            }
          }));
        }
        List<OutputLock> held = new ArrayList<>();
        for (Future<OutputLock> attempt : attempts) {
          OutputLock lock = attempt.get();
          if (lock != null) {
            held.add(lock);
          }
        }
        assertThat(held).as("runs holding the lock of %s", output).hasSize(1);
        held.forEach(OutputLock::close);
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
