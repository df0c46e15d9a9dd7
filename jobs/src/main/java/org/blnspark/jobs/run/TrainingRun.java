package org.blnspark.jobs.run;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.SparkSession;
import org.blnspark.jobs.data.DatasetMetadata;
import org.blnspark.jobs.data.PreparedDataset;
import org.blnspark.jobs.data.Split;
import org.blnspark.jobs.io.HadoopFiles;
import org.blnspark.model.BatchLayerNormalization;
import org.blnspark.model.BlnNetworks;
import org.blnspark.model.StatisticSources;
import org.blnspark.spark.BlnSparkTrainer;
import org.blnspark.spark.ConfigurationScore;
import org.blnspark.spark.EpochReport;
import org.blnspark.spark.Epochs;
import org.blnspark.spark.InferenceEvaluator;
import org.blnspark.spark.TrainingListener;
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
public final class TrainingRun {
  private static final Logger LOG = LoggerFactory.getLogger(TrainingRun.class);
  public static final String MODEL_FILE = "model.zip";

  /** Where a run reads and writes. {@code checkpoints} may be null. */
  public record Paths(String data, String output, String checkpoints, boolean resume, int keepCheckpoints) {
    /** A run that keeps no checkpoints. */
    public static Paths withoutCheckpoints(String data, String output) {
      return new Paths(data, output, null, false, 1);
    }
  }

  /** The trained network and the metrics of all its epochs. */
  public record Outcome(MultiLayerNetwork network, List<EpochMetrics> metrics, String modelPath) {}

  private TrainingRun() {}

  public static Outcome run(SparkSession spark, TrainSettings settings, Paths paths) {
    HadoopFiles files = HadoopFiles.of(spark);
    PreparedDataset dataset = PreparedDataset.open(spark, paths.data());
    DatasetMetadata metadata = dataset.metadata();
    settings.requireFits(metadata);
    files.requireCreatableDirectory(paths.output());
    if (paths.checkpoints() != null) {
      files.requireCreatableDirectory(paths.checkpoints());
    }

    CheckpointStore checkpoints = paths.checkpoints() == null ? null
        : new CheckpointStore(files, paths.checkpoints(), paths.keepCheckpoints());
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
      ModelInput.requireMatches(net.getLayerWiseConfigurations(), metadata.features(), paths.data());
      metrics.addAll(resumed.metrics());
    } else {
      net = new MultiLayerNetwork(settings.model().configuration(settings.modelSettings(metadata.classes()),
          metadata.input()));
      net.init();
    }
    int firstEpoch = metrics.size() + 1;
    if (firstEpoch > settings.epochs()) {
      return finish(files, paths, net, metrics);
    }

    JavaRDD<DataSet> train = dataset.examples(Split.TRAIN);
    JavaRDD<DataSet> validation = dataset.examples(Split.VALIDATION);
    Epochs epochs = Epochs.range(firstEpoch, settings.epochs());
    TrainingProgress progress = new TrainingProgress(epochs);
    List<StatisticSources> validationConfiguration = List.of(currentInference(net));
    new BlnSparkTrainer(settings.validatedTrainer().toBuilder().seed(seed).build()).fit(net, train, epochs,
        new TrainingListener() {
          private long epochStart = System.nanoTime();

          @Override
          public void roundDone(RoundDone round) {
            progress.roundDone(round);
          }

          @Override
          public void epochDone(EpochReport report, MultiLayerNetwork network) {
            ConfigurationScore score = InferenceEvaluator.evaluate(network, validation,
                settings.trainer().batchSizePerWorker(), validationConfiguration).get(validationConfiguration.get(0));
            EpochMetrics epoch = new EpochMetrics(report.epoch(), report.trainLoss(), score.loss(), score.accuracy(),
                (System.nanoTime() - epochStart) / 1e9);
            metrics.add(epoch);
            progress.epochDone(epoch);
            if (checkpoints != null) {
              checkpoints.save(network, seed, metrics);
            }
            epochStart = System.nanoTime();
          }
        });
    return finish(files, paths, net, metrics);
  }

  private static Outcome finish(HadoopFiles files, Paths paths, MultiLayerNetwork net, List<EpochMetrics> metrics) {
    String modelPath = paths.output() + "/" + MODEL_FILE;
    files.write(modelPath, out -> ModelSerializer.writeModel(net, out, true));
    MetricsFiles.write(files, paths.output(), metrics);
    return new Outcome(net, metrics, modelPath);
  }

  /** The configuration BLN layers infer with; any one for a network without BLN, where it has no effect. */
  private static StatisticSources currentInference(MultiLayerNetwork net) {
    List<BatchLayerNormalization> layers = BlnNetworks.blnLayers(net);
    return layers.isEmpty() ? StatisticSources.REFERENCE_DEFAULT : layers.get(0).getInference();
  }
}
