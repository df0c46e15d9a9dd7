package org.blnspark.jobs.cli;

import java.util.List;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import org.blnspark.jobs.data.PreparedDataset;
import org.blnspark.jobs.report.OverheadTable;
import org.blnspark.jobs.run.OverheadBenchmark;
import org.blnspark.model.BadInputException;
import org.blnspark.spark.TrainerSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "bench", mixinStandardHelpOptions = true,
    description = "Spark overhead: one epoch of LeNet + BLN in this JVM (fit) against Spark parameter averaging at "
        + "several averaging frequencies, with the statistics pass timed against the epoch, on a Fashion-MNIST "
        + "dataset.")
final class BenchCommand implements Callable<Integer> {
  @Mixin
  SparkOptions spark;

  @Mixin
  DataInput input;

  @Option(names = "--examples", defaultValue = "2000", description = "training examples used (default: ${DEFAULT-VALUE})")
  int examples;

  @Option(names = "--batch-size", defaultValue = "" + TrainerSettings.DEFAULT_BATCH_SIZE_PER_WORKER,
      converter = OptionConverters.BatchSize.class, description = "(default: ${DEFAULT-VALUE})")
  int batchSize;

  @Option(names = "--frequencies", split = ",", defaultValue = "1,5,10",
      description = "averaging frequencies (default: ${DEFAULT-VALUE})")
  List<Integer> frequencies;

  @Option(names = "--workers", defaultValue = "2", description = "(default: ${DEFAULT-VALUE})")
  int workers;

  @Override
  public Integer call() {
    if (examples < batchSize) {
      throw new BadInputException("--examples must be at least --batch-size");
    }
    OverheadBenchmark.Settings settings = new OverheadBenchmark.Settings(examples, batchSize, workers, frequencies);
    try (SparkSession session = spark.session("bln bench")) {
      OverheadBenchmark.Result result = OverheadBenchmark.measure(session, PreparedDataset.open(session, input.data),
          settings);
      System.out.println(OverheadTable.markdown(result, settings));
    }
    return 0;
  }
}
