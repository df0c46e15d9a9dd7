package org.blnspark.model;

import java.util.function.Supplier;

/**
 * Choices that hold for the calls one thread makes, so that DL4J's own forward passes
 * ({@code output}, {@code score}, {@code feedForward}) serve any network, layered or a graph,
 * without changing a layer: inferring from other statistics than the layers' chosen ones, and
 * observing every BLN layer's input. Each choice ends when its call returns, and nests.
 */
public final class BlnCalls {
  private static final ThreadLocal<StatisticSources> INFERENCE = new ThreadLocal<>();
  private static final ThreadLocal<LayerInputObserver> OBSERVER = new ThreadLocal<>();

  private BlnCalls() {}

  /** Runs {@code call} with every BLN layer inferring from {@code sources} instead of its chosen configuration. */
  public static <T> T inferringFrom(StatisticSources sources, Supplier<T> call) {
    return with(INFERENCE, java.util.Objects.requireNonNull(sources, "sources"), call);
  }

  /** Runs {@code call} with {@code observer} seeing the input of every BLN layer a training-mode pass runs. */
  public static <T> T observing(LayerInputObserver observer, Supplier<T> call) {
    return with(OBSERVER, java.util.Objects.requireNonNull(observer, "observer"), call);
  }

  /** The sources this thread's call infers from, or null for each layer's own choice. */
  static StatisticSources inference() {
    return INFERENCE.get();
  }

  /** The observer of this thread's call, or null. */
  static LayerInputObserver observer() {
    return OBSERVER.get();
  }

  private static <V, T> T with(ThreadLocal<V> slot, V value, Supplier<T> call) {
    V previous = slot.get();
    slot.set(value);
    try {
      return call.get();
    } finally {
      if (previous == null) {
        slot.remove();
      } else {
        slot.set(previous);
      }
    }
  }
}
