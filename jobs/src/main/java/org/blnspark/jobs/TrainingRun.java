package org.blnspark.jobs;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.SparkSession;
import org.blnspark.jobs.data.DatasetMetadata;
import org.blnspark.jobs.data.DatasetReader;
import org.blnspark.model.BlnNetworks;
import org.blnspark.model.InferenceStatistics;
import org.blnspark.model.ModelSettings;
import org.blnspark.model.BatchLayerNormalization;
import org.blnspark.model.PaperModels;
import org.blnspark.spark.BlnSparkTrainer;
import org.blnspark.spark.ConfigurationScore;
import org.blnspark.spark.DataFrameExamples;
import org.blnspark.spark.InferenceEvaluator;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.linalg.dataset.DataSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One training run on a prepared dataset: builds (or resumes) the network, trains it with
 * parameter averaging, validates and checkpoints after every epoch, and writes the model and its
 * metrics. The train, sweep and quickstart commands all run through here.
 */
final class TrainingRun {
  private static final Logger LOG = LoggerFactory.getLogger(TrainingRun.class);
  static final String MODEL_FILE = "model.zip";

  /** Where a run reads and writes. {@code checkpoints} may be null. */
  record Paths(String data, String output, String checkpoints, boolean resume, int keepCheckpoints) {}

  /** The trained network and the metrics of all its epochs. */
  record Outcome(MultiLayerNetwork network, List<EpochMetrics> metrics, String modelPath) {}

  private TrainingRun() {}

  static Outcome run(SparkSession spark, TrainSettings settings, Paths paths) {
    HadoopFiles files = new HadoopFiles(spark.sparkContext().hadoopConfiguration());
    DatasetMetadata metadata = DatasetMetadata.read(spark, paths.data());
    MultiLayerConfiguration configuration = configuration(settings, metadata);
    ModelInput.requireMatches(configuration, metadata.features(), paths.data());
    files.requireCreatableDirectory(paths.output());
    if (paths.checkpoints() != null) {
      files.requireCreatableDirectory(paths.checkpoints());
    }

    CheckpointStore checkpoints = paths.checkpoints() == null ? null
        : new CheckpointStore(files, spark.sparkContext().hadoopConfiguration(), paths.checkpoints(),
            paths.keepCheckpoints());
    MultiLayerNetwork net;
    List<EpochMetrics> metrics = new ArrayList<>();
    CheckpointStore.Checkpoint resumed = paths.resume() && checkpoints != null ? checkpoints.latest().orElse(null) : null;
    // A resumed run keeps the seed it started with, so that it stays one run.
    long seed = resumed != null ? resumed.seed() : settings.seed();
    if (seed != settings.seed()) {
      LOG.warn("resuming with the checkpoint's seed {}, not --seed {}", seed, settings.seed());
    }
    if (resumed != null) {
      net = resumed.network();
      metrics.addAll(resumed.metrics());
    } else {
      net = new MultiLayerNetwork(configuration);
      net.init();
    }
    int firstEpoch = metrics.size() + 1;
    if (firstEpoch > settings.epochs()) {
      return finish(files, paths, net, metrics);
    }

    DataFrameExamples examples = new DataFrameExamples("features", "label", (int) metadata.features(),
        metadata.classes());
    JavaRDD<DataSet> train = examples.toDataSets(DatasetReader.read(spark, paths.data(), "train"));
    JavaRDD<DataSet> validation = examples.toDataSets(DatasetReader.read(spark, paths.data(), "validation"));
    List<InferenceStatistics> validationConfiguration = List.of(currentInference(net));
    int workers = settings.workers() > 0 ? settings.workers() : spark.sparkContext().defaultParallelism();
    long rounds = (long) Math.ceil(metadata.count("train")
        / (double) (workers * settings.batchSize() * settings.averagingFrequency()));

    try (TrainingProgress progress = new TrainingProgress(spark.sparkContext(), firstEpoch, settings.epochs(), rounds)) {
      long[] epochStart = {System.nanoTime()};
      new BlnSparkTrainer()
          .batchSizePerWorker(settings.batchSize())
          .averagingFrequency(settings.averagingFrequency())
          .workers(workers)
          .epochs(settings.epochs())
          .firstEpoch(firstEpoch)
          .seed(seed)
          .estimator(settings.estimator())
          .statisticsEveryEpoch(true)
          .listener((report, network) -> {
            ConfigurationScore score = InferenceEvaluator.evaluate(network, validation, settings.batchSize(),
                validationConfiguration).get(validationConfiguration.get(0));
            EpochMetrics epoch = new EpochMetrics(metrics.size() + 1, report.trainLoss(), score.loss(),
                score.accuracy(), (System.nanoTime() - epochStart[0]) / 1e9);
            metrics.add(epoch);
            progress.epochDone(epoch);
            if (checkpoints != null) {
              checkpoints.save(network, seed, metrics);
            }
            epochStart[0] = System.nanoTime();
          })
          .fit(net, train);
    }
    return finish(files, paths, net, metrics);
  }

  private static Outcome finish(HadoopFiles files, Paths paths, MultiLayerNetwork net, List<EpochMetrics> metrics) {
    String modelPath = paths.output() + "/" + MODEL_FILE;
    files.write(modelPath, out -> ModelSerializer.writeModel(net, out, true));
    MetricsFiles.write(files, paths.output(), metrics);
    return new Outcome(net, metrics, modelPath);
  }

  /** The configuration BLN layers infer with; any one for a network without BLN, where it has no effect. */
  private static InferenceStatistics currentInference(MultiLayerNetwork net) {
    List<BatchLayerNormalization> layers = BlnNetworks.blnLayers(net);
    return layers.isEmpty() ? InferenceStatistics.REFERENCE_DEFAULT : layers.get(0).getInference();
  }

  static MultiLayerConfiguration configuration(TrainSettings settings, DatasetMetadata metadata) {
    ModelSettings model = new ModelSettings(settings.normalization(), settings.axes(),
        BatchLayerNormalization.DEFAULT_EPS, metadata.classes(), settings.seed(), settings.learningRate());
    return switch (settings.model()) {
      case LENET -> {
        if (metadata.height() <= 0) {
          throw new BadInputException("the lenet model needs image data; " + metadata.kind() + " is not images");
        }
        yield PaperModels.lenet(model, metadata.height(), metadata.width(), metadata.channels());
      }
      case LSTM -> {
        if (metadata.vocabularySize() <= 0) {
          throw new BadInputException("the lstm model needs token sequences; " + metadata.kind() + " is not text");
        }
        yield PaperModels.textClassifier(model, metadata.vocabularySize(), settings.embeddingSize(),
            metadata.sequenceLength());
      }
      case MLP -> PaperModels.mlp(model, (int) metadata.features());
    };
  }
}
