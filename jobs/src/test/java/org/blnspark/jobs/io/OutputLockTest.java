package org.blnspark.jobs.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.hadoop.conf.Configuration;
import org.blnspark.spark.BadInputException;
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
    HadoopFiles files = new HadoopFiles(new Configuration());
    ExecutorService pool = Executors.newFixedThreadPool(RUNS);
    try {
      for (int round = 0; round < ROUNDS; round++) {
        String output = dir.resolve("out-" + round).toString();
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
