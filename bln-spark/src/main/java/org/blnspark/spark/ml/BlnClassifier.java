package org.blnspark.spark.ml;

import static org.apache.spark.sql.functions.col;

import java.util.List;
import org.apache.spark.ml.attribute.AttributeGroup;
import org.apache.spark.ml.classification.ProbabilisticClassifier;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.DefaultParamsWritable;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.blnspark.model.BlnNetworks;
import org.blnspark.model.StatisticSources;
import org.blnspark.model.zoo.InputShape;
import org.blnspark.model.zoo.ModelSettings;
import org.blnspark.model.zoo.NetworkConfiguration;
import org.blnspark.model.zoo.PaperModel;
import org.blnspark.model.BadInputException;
import org.blnspark.spark.BlnSparkTrainer;
import org.blnspark.spark.DataFrameExamples;
import org.blnspark.spark.Epochs;
import org.blnspark.spark.InferenceEvaluator;
import org.blnspark.spark.TrainerSettings;
import org.deeplearning4j.nn.api.Model;

/**
 * A network with BLN as a Spark ML {@link ProbabilisticClassifier}: {@code fit} takes a vector
 * column, as {@code VectorAssembler} or {@code StandardScaler} write it, and an integer or double
 * label; it trains with parameter averaging and the statistics pass, chooses the inference
 * configuration on a held-out share of the rows, and returns a {@link BlnClassificationModel},
 * leaving this estimator as it was, with this estimator's params. Every param, its validator,
 * getter and default is in {@link BlnParams}, which the model shares.
 */
public final class BlnClassifier extends ProbabilisticClassifier<Vector, BlnClassifier, BlnClassificationModel>
    implements BlnParams, DefaultParamsWritable {
  private static final long serialVersionUID = 1L;

  private final Declared declared;

  public BlnClassifier() {
    this(org.apache.spark.ml.util.Identifiable$.MODULE$.randomUID("blnClassifier"));
  }

  public BlnClassifier(String uid) {
    this(PendingUid.hold(uid));
  }

  private BlnClassifier(PendingUid pending) {
    this.declared = new Declared(pending, this);
  }

  @Override
  public String uid() {
    return BlnParams.uid(declared);
  }

  @Override
  public Declared declared() {
    return declared;
  }

  public BlnClassifier setBatchSizePerWorker(int value) {
    set(batchSizePerWorker(), value);
    return this;
  }

  public BlnClassifier setWorkers(int value) {
    set(workers(), value);
    return this;
  }

  public BlnClassifier setEpochs(int value) {
    set(epochs(), value);
    return this;
  }

  public BlnClassifier setAveragingFrequency(int value) {
    set(averagingFrequency(), value);
    return this;
  }

  public BlnClassifier setLearningRate(double value) {
    set(learningRate(), value);
    return this;
  }

  public BlnClassifier setSeed(long value) {
    set(seed(), value);
    return this;
  }

  public BlnClassifier setEstimator(String value) {
    set(estimator(), value);
    return this;
  }

  public BlnClassifier setAxes(String value) {
    set(axes(), value);
    return this;
  }

  public BlnClassifier setNormalization(String value) {
    set(normalization(), value);
    return this;
  }

  public BlnClassifier setNetwork(String value) {
    set(network(), value);
    return this;
  }

  public BlnClassifier setValidationFraction(double value) {
    set(validationFraction(), value);
    return this;
  }

  public BlnClassifier setInference(String value) {
    set(inference(), value);
    return this;
  }

  /** Called by {@code fit}, after {@code transformSchema} has checked the columns. */
  @Override
  public BlnClassificationModel train(Dataset<?> dataset) {
    int classes = getNumClasses(dataset, getNumClasses$default$2());
    int features = featureWidth(dataset);
    Dataset<Row>[] parts = dataset.select(col(getFeaturesCol()), col(getLabelCol()))
        .randomSplit(new double[] {1 - getValidationFraction(), getValidationFraction()}, getSeed());
    DataFrameExamples examples = new DataFrameExamples(getFeaturesCol(), getLabelCol(), features, classes);
    Model net = newNetwork(features, classes);
    TrainerSettings settings = TrainerSettings.defaults().withBatchSizePerWorker(getBatchSizePerWorker())
        .withWorkers(getWorkers()).withAveragingFrequency(getAveragingFrequency()).withSeed(getSeed())
        .withEstimator(getEstimator());
    new BlnSparkTrainer(settings).fit(net, examples.toDataSets(parts[0]), Epochs.of(getEpochs()));

    StatisticSources chosen = isSet(inference()) || BlnNetworks.blnLayers(net).isEmpty()
        ? StatisticSources.parse(isSet(inference()) ? $(inference()) : StatisticSources.REFERENCE_DEFAULT.code())
        : InferenceEvaluator.evaluate(net, examples.toDataSets(parts[1]), settings.batchSizePerWorker(),
            StatisticSources.batchIndependentOnes()).best();
    BlnNetworks.setInference(net, chosen);
    // Predictor.fit copies this estimator's params onto the model and makes this its parent.
    return new BlnClassificationModel(uid(), net, classes, features).setInference(chosen.code());
  }

  /** The features' width: from the column's ML attributes when a VectorAssembler wrote them, else the first row. */
  private int featureWidth(Dataset<?> dataset) {
    int size = AttributeGroup.fromStructField(dataset.schema().apply(getFeaturesCol())).size();
    if (size > 0) {
      return size;
    }
    List<Row> first = dataset.select(getFeaturesCol()).limit(1).collectAsList();
    if (first.isEmpty()) {
      throw new BadInputException("no rows to fit");
    }
    return ((Vector) first.get(0).get(0)).size();
  }

  private Model newNetwork(int features, int classes) {
    String spec = getNetwork().trim();
    ModelSettings settings = new ModelSettings(getNormalization(), getAxes(),
        org.blnspark.model.BatchLayerNormalization.DEFAULT_EPS, classes, getSeed(), getLearningRate(),
        org.blnspark.model.zoo.LearningRateSchedule.CONSTANT,
        ModelSettings.DEFAULT_EMBEDDING_SIZE, 0, ModelSettings.REFERENCE_BN_DECAY);
    NetworkConfiguration configuration;
    if (spec.startsWith("{")) {
      configuration = NetworkConfiguration.fromJson(spec);
    } else if (spec.equals("mlp")) {
      configuration = PaperModel.MLP.configuration(settings, new InputShape.Tabular(features));
    } else if (spec.matches("(lenet|resnet):\\d+x\\d+x\\d+")) {
      String[] size = spec.substring(spec.indexOf(':') + 1).split("x");
      InputShape.Image image = new InputShape.Image(Integer.parseInt(size[0]), Integer.parseInt(size[1]),
          Integer.parseInt(size[2]));
      if (image.features() != features) {
        throw new BadInputException("network " + spec + " reads " + image.features() + " features; the column '"
            + getFeaturesCol() + "' has " + features);
      }
      configuration = BlnParams.parse(PaperModel.class, spec.substring(0, spec.indexOf(':')))
          .configuration(settings, image);
    } else {
      throw new BadInputException("network: mlp, lenet:HxWxC, resnet:HxWxC or a DL4J JSON configuration; got " + spec);
    }
    return configuration.newNetwork();
  }

  @Override
  public BlnClassifier copy(ParamMap extra) {
    return defaultCopy(extra);
  }

  public static MLReader<BlnClassifier> read() {
    return new DefaultParamsReader<>();
  }

  public static BlnClassifier load(String path) {
    return read().load(path);
  }
}
