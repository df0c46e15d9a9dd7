package org.blnspark.jobs.run;

import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.layers.EmbeddingSequenceLayer;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.preprocessor.FeedForwardToCnnPreProcessor;
import org.blnspark.spark.BadInputException;

/** The width of one flat input row that a network expects, to check it against a dataset's before any work. */
final class ModelInput {
  private ModelInput() {}

  static long width(MultiLayerConfiguration conf) {
    InputPreProcessor first = conf.getInputPreProcess(0);
    if (first instanceof FeedForwardToCnnPreProcessor image) {
      return image.getInputHeight() * image.getInputWidth() * image.getNumChannels();
    }
    Layer layer = conf.getConf(0).getLayer();
    if (layer instanceof EmbeddingSequenceLayer embedding) {
      return embedding.getInputLength();
    }
    return ((FeedForwardLayer) layer).getNIn();
  }

  static void requireMatches(MultiLayerConfiguration conf, long dataWidth, String dataPath) {
    long expected = width(conf);
    if (expected != dataWidth) {
      throw new BadInputException("the model expects " + expected + " features per example, but " + dataPath
          + " has " + dataWidth);
    }
  }
}
