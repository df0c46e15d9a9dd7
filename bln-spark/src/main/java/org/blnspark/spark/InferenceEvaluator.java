package org.blnspark.spark;

import java.util.Iterator;
import java.util.List;
import java.util.OptionalDouble;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.blnspark.model.Arguments;
import org.blnspark.model.BlnCalls;
import org.blnspark.model.BlnNetworks;
import org.blnspark.model.StatisticSources;
import org.deeplearning4j.datasets.iterator.IteratorDataSetIterator;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.layers.BaseOutputLayer;
import org.nd4j.evaluation.classification.Evaluation;
import org.nd4j.linalg.activations.impl.ActivationSoftmax;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.lossfunctions.impl.LossMCXENT;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Scores a network of either kind under several inference configurations in one pass over the
 * data: each mini-batch is read once and run once per configuration ({@link ConfigurationForward}).
 */
public final class InferenceEvaluator {
  private InferenceEvaluator() {}

  /**
   * Evaluates over mini-batches of {@code batchSize} in this JVM, under each configuration in
   * turn; the network's own inference configuration is left as it is.
   */
  public static EvaluationResults evaluate(Model net, Iterator<DataSet> examples, int batchSize,
                                           List<StatisticSources> configurations) {
    requireValid(batchSize, configurations);
    EvaluationResults results = new EvaluationResults(configurations);
    OptionalDouble clipping = crossEntropyClipping(BlnNetworks.outputLayer(net));
    ConfigurationForward forward = ConfigurationForward.of(net);
    try {
      IteratorDataSetIterator batches = new IteratorDataSetIterator(examples, batchSize);
      while (batches.hasNext()) {
        DataSet batch = batches.next();
        forward.prepare(batch);
        for (StatisticSources configuration : configurations) {
          INDArray output = forward.output(configuration);
          if (output.isNaN().any() || output.isInfinite().any()) {
            results.scoreOf(configuration).addNonFinite(batch.numExamples());
            continue;
          }
          Evaluation evaluation = new Evaluation();
          evaluation.eval(batch.getLabels(), output);
          double loss = clipping.isPresent() ? crossEntropy(batch.getLabels(), output, clipping.getAsDouble())
              : BlnCalls.inferringFrom(configuration, () -> BlnNetworks.score(net, batch));
          results.scoreOf(configuration).add(evaluation, loss, batch.numExamples());
        }
      }
    } finally {
      forward.clear();
    }
    return results;
  }

  /**
   * The clipping of DL4J's multi-class cross entropy when the loss can be read off the network's
   * output (a softmax output layer with unweighted LossMCXENT, as every model the jobs build has),
   * which saves a second forward pass per configuration; empty otherwise.
   */
  private static OptionalDouble crossEntropyClipping(Layer outputLayer) {
    if (outputLayer.conf().getLayer() instanceof BaseOutputLayer output
        && output.getLossFn() instanceof LossMCXENT loss && loss.getWeights() == null
        && output.getActivationFn() instanceof ActivationSoftmax) {
      return OptionalDouble.of(loss.getSoftmaxClipEps());
    }
    return OptionalDouble.empty();
  }

  /** Mean over examples of −Σ y·log p, with p clipped to [eps, 1 − eps] as LossMCXENT clips it. */
  private static double crossEntropy(INDArray labels, INDArray probabilities, double eps) {
    INDArray clipped = Transforms.min(Transforms.max(probabilities.castTo(DataType.DOUBLE), eps), 1 - eps);
    return -labels.castTo(DataType.DOUBLE).mul(Transforms.log(clipped, false)).sumNumber().doubleValue()
        / labels.size(0);
  }

  /** Evaluates every partition on the executors and merges the results on the driver. */
  public static EvaluationResults evaluate(Model net, JavaRDD<DataSet> data, int batchSize,
                                           List<StatisticSources> configurations) {
    requireValid(batchSize, configurations);
    List<StatisticSources> requested = List.copyOf(configurations);
    List<EvaluationResults> partials = BroadcastNetwork.during(JavaSparkContext.fromSparkContext(data.context()), net,
        (Model local, Iterator<DataSet> examples) -> List.of(evaluate(local, examples, batchSize, requested)).iterator(),
        evaluatePartition -> data.mapPartitions(evaluatePartition).collect());
    EvaluationResults merged = new EvaluationResults(configurations);
    partials.forEach(merged::merge);
    return merged;
  }

  /** Evaluates on validation data, applies the best configuration to the network and returns the results. */
  public static EvaluationResults selectBest(Model net, JavaRDD<DataSet> validation, int batchSize,
                                             List<StatisticSources> configurations) {
    EvaluationResults results = evaluate(net, validation, batchSize, configurations);
    BlnNetworks.setInference(net, results.best());
    return results;
  }

  private static void requireValid(int batchSize, List<StatisticSources> configurations) {
    Arguments.requireAtLeast(1, batchSize, "batch size");
    if (configurations.isEmpty()) {
      throw new IllegalArgumentException("at least one inference configuration is needed");
    }
  }
}
