package org.blnspark.jobs.run;

import java.util.Locale;
import org.blnspark.jobs.data.DatasetMetadata;
import org.blnspark.jobs.io.Fingerprints;
import org.blnspark.jobs.io.HadoopFiles;
import org.blnspark.model.BlnCalls;
import org.blnspark.model.BlnNetworks;
import org.blnspark.model.StatisticSources;
import org.blnspark.model.zoo.NetworkConfiguration;
import org.blnspark.model.BadInputException;
import org.deeplearning4j.exception.DL4JException;
import org.deeplearning4j.nn.api.Model;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.exception.ND4JIllegalStateException;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The network a fresh run starts from, built from its {@link ModelSource} for a dataset, and
 * checked against the dataset before any training: a row of the data's width must go through, and
 * the output must have one value per class.
 *
 * @param name the model as the run's identity records it: a built-in's name, or the configuration's SHA-256
 */
record RunNetwork(Model network, String name) {
  static RunNetwork build(TrainSettings settings, DatasetMetadata metadata, HadoopFiles files) {
    ModelSource source = settings.model();
    source.requireReads(metadata);
    NetworkConfiguration configuration;
    String name;
    if (source instanceof ModelSource.BuiltIn builtIn) {
      configuration = builtIn.model().configuration(settings.modelSettings(metadata.classes()), metadata.input());
      name = builtIn.describe();
    } else {
      ModelSource.FromFile file = (ModelSource.FromFile) source;
      configuration = file.read(files);
      name = name(configuration);
      if (settings.normalization() != null) {
        int replaced = configuration.replaceNormalization(settings.normalization(), settings.axes(),
            metadata.features());
        if (replaced == 0) {
          throw new BadInputException("--norm " + settings.normalization().name().toLowerCase(Locale.ROOT) + ": "
              + file.path() + " has no normalisation layer (BN, BLN or LN) to replace");
        }
      }
    }
    Model network;
    try {
      network = configuration.newNetwork();
    } catch (RuntimeException e) {
      throw new BadInputException(source.describe() + ": DL4J cannot build this network ("
          + HadoopFiles.oneLine(e) + ")", e);
    }
    requireFits(network, metadata, source);
    return new RunNetwork(network, name);
  }

  /** The model as a run's identity names it: a built-in's name, or the configuration's fingerprint. */
  static String name(ModelSource source, HadoopFiles files) {
    return source instanceof ModelSource.FromFile file ? name(file.read(files)) : source.describe();
  }

  private static String name(NetworkConfiguration configuration) {
    return "config " + Fingerprints.sha256(configuration.toJson());
  }

  /**
   * One row of zeros, which every kind of input reads (a token id 0 is padding), through the
   * network, from mini-batch statistics: nothing has been collected yet. Only the complaints of
   * DL4J's and ND4J's input and shape checks, and of the layers' (BLN's are IllegalArgumentExceptions),
   * say that the network does not fit the data; anything else the forward pass throws is a bug,
   * which keeps its stack trace.
   */
  private static void requireFits(Model network, DatasetMetadata metadata, ModelSource source) {
    INDArray row = Nd4j.zeros(DataType.FLOAT, 1, metadata.features());
    INDArray output;
    try {
      output = BlnCalls.inferringFrom(StatisticSources.ALL_MINI_BATCH,
          () -> BlnNetworks.output(network, row, null, false));
    } catch (DL4JException | ND4JIllegalStateException | IllegalArgumentException e) {
      throw new BadInputException(source.describe() + " cannot read the data's examples of " + metadata.features()
          + " features (" + HadoopFiles.oneLine(e) + ")", e);
    }
    if (output.rank() != 2 || output.size(1) != metadata.classes()) {
      throw new BadInputException(source.describe() + " gives outputs of shape " + java.util.Arrays.toString(
          output.shape()) + " for one example; the data has " + metadata.classes() + " classes");
    }
  }
}
