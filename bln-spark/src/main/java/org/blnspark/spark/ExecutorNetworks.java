package org.blnspark.spark;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.deeplearning4j.nn.api.Model;

/**
 * The networks an executor JVM keeps between parameter-averaging rounds, by fit. DL4J's worker
 * builds a network from its configuration every round, and a new network's first training step
 * also sizes its workspaces; a round at averaging frequency 1 has only that one step. Here a task
 * borrows a network restored in an earlier round and returns it when it is done, so that only
 * parameters and updater state travel ({@link TrainingState}).
 *
 * <p>Each running task holds its own network, so there are at most as many per fit as the executor
 * runs tasks at once. Only the last few fits' networks are kept: a sweep fits many networks in
 * one JVM, one after the other.
 */
final class ExecutorNetworks {
  private static final int FITS_KEPT = 2;

  private static final Map<String, Deque<Model>> IDLE = new LinkedHashMap<>(4, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Deque<Model>> eldest) {
      return size() > FITS_KEPT;
    }
  };

  private ExecutorNetworks() {}

  /** An idle network of fit {@code fitId}, or a new one from {@code restore} when none is idle. */
  static Model borrow(String fitId, Supplier<Model> restore) {
    Model idle;
    synchronized (IDLE) {
      idle = IDLE.computeIfAbsent(fitId, id -> new ArrayDeque<>()).poll();
    }
    return idle != null ? idle : restore.get();
  }

  /**
   * Returns a network after a task trained it to the end. A task that failed never returns its
   * network, which may be half-way through a step.
   */
  static void giveBack(String fitId, Model net) {
    synchronized (IDLE) {
      IDLE.computeIfAbsent(fitId, id -> new ArrayDeque<>()).push(net);
    }
  }
}
