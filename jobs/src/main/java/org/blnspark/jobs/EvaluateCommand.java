package org.blnspark.jobs;

import java.util.List;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import org.blnspark.model.InferenceStatistics;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "evaluate", mixinStandardHelpOptions = true,
    description = "Score a saved model under one, several or all 16 inference configurations in one distributed "
        + "pass; choose on validation, report test accuracy for that choice.")
final class EvaluateCommand implements Callable<Integer> {
  @Mixin
  SparkOptions spark;

  @Option(names = "--model", required = true, description = "a model.zip written by 'bln train'")
  String model;

  @Option(names = "--data", required = true, description = "a dataset written by 'bln prepare'")
  String data;

  @Option(names = "--inference", defaultValue = "all",
      description = "'all' or codes such as PPBB,PBPB (P: population, B: mini-batch, for batch mean, batch variance, "
          + "feature mean, feature variance; default: ${DEFAULT-VALUE})")
  String inference;

  @Option(names = "--batch-size", defaultValue = "0",
      description = "evaluation mini-batch size (default: the model's training batch size)")
  int batchSize;

  @Option(names = "--report", description = "write the report as JSON to this path")
  String report;

  @Override
  public Integer call() {
    List<InferenceStatistics> configurations = EvaluationRun.parseConfigurations(inference);
    if (batchSize < 0) {
      throw new BadInputException("--batch-size must be positive, got " + batchSize);
    }
    try (SparkSession session = spark.session("bln evaluate")) {
      HadoopFiles files = new HadoopFiles(session.sparkContext().hadoopConfiguration());
      MultiLayerNetwork net = files.read(model, in -> ModelSerializer.restoreMultiLayerNetwork(in, false));
      int size = batchSize > 0 ? batchSize : EvaluationRun.trainingBatchSize(net, 25);
      EvaluationRun.Report result = EvaluationRun.run(session, net, data, configurations, size);
      System.out.print(result.table());
      String json = MetricsFiles.JSON.writeValueAsString(result);
      System.out.println(json);
      if (report != null) {
        files.writeString(report, json);
      }
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
    return 0;
  }
}
