package org.blnspark.jobs.run;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerStageSubmitted;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.sql.SparkSession;

/**
 * Progress a person watches: when the output is a terminal, a bar with the elapsed time and an ETA
 * (the progressbar library), redrawn in place on stderr; otherwise nothing here, and the commands
 * keep their log lines, which suit files and CI logs.
 */
public final class ConsoleProgress {
  private ConsoleProgress() {}

  /** True when a person is watching: standard input and output are a terminal. */
  public static boolean interactive() {
    return System.console() != null;
  }

  /** A bar of {@code max} steps named {@code task}, or null when the output is not a terminal. */
  static ProgressBar bar(String task, long max) {
    if (!interactive()) {
      return null;
    }
    return new ProgressBarBuilder().setTaskName(task).setInitialMax(max).setStyle(ProgressBarStyle.ASCII)
        .setUpdateIntervalMillis(250).continuousUpdate().build();
  }

  /**
   * Runs {@code work} with a bar of the Spark tasks it runs on {@code spark}: every stage that
   * starts adds its tasks to the total, and every task that ends is a step. On a terminal only.
   */
  public static <T> T sparkTasks(SparkSession spark, String task, Supplier<T> work) {
    ProgressBar bar = bar(task, 0);
    if (bar == null) {
      return work.get();
    }
    AtomicLong total = new AtomicLong();
    SparkListener listener = new SparkListener() {
      @Override
      public void onStageSubmitted(SparkListenerStageSubmitted stage) {
        bar.maxHint(total.addAndGet(stage.stageInfo().numTasks()));
      }

      @Override
      public void onTaskEnd(SparkListenerTaskEnd end) {
        bar.step();
      }
    };
    spark.sparkContext().addSparkListener(listener);
    try (bar) {
      return work.get();
    } finally {
      spark.sparkContext().removeSparkListener(listener);
    }
  }
}
