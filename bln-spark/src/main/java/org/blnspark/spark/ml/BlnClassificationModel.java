package org.blnspark.spark.ml;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.ml.classification.ProbabilisticClassificationModel;
import org.apache.spark.ml.linalg.DenseVector;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.DefaultParamsWriter$;
import org.apache.spark.ml.util.DefaultParamsReader$;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWritable;
import org.apache.spark.ml.util.MLWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.blnspark.model.BlnCalls;
import org.blnspark.model.BlnNetworks;
import org.blnspark.model.StatisticSources;
import org.blnspark.model.archive.ModelArchive;
import org.blnspark.model.onnx.OnnxExport;
import org.blnspark.model.onnx.UnsupportedNetworkException;
import org.blnspark.spark.RowScorer;
import org.deeplearning4j.nn.api.Model;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;
import scala.Option;

/**
 * A trained network as a Spark ML {@link ProbabilisticClassificationModel}: it adds
 * {@code rawPrediction} and {@code probability} (the network's softmax output, as vectors) and
 * {@code prediction} to a DataFrame of feature vectors, so that Spark's evaluators, pipelines and
 * {@code CrossValidator} treat it as one of Spark's own classifiers. It has its estimator's params
 * ({@link BlnParams}), with the values it was trained with; its {@link #inference()} param chooses
 * among the batch-independent configurations without retraining. Rows are scored on
 * the executors in mini-batches ({@link RowScorer}); a row's output does not depend on the others.
 */
public final class BlnClassificationModel
    extends ProbabilisticClassificationModel<Vector, BlnClassificationModel> implements BlnParams, MLWritable {
  private static final long serialVersionUID = 1L;
  /** Rows per network call: only the speed depends on it. */
  private static final int SCORING_BATCH_SIZE = 256;
  private static final String NETWORK_FILE = "data/network.zip";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final transient Model network;
  private final int numClasses;
  private final int numFeatures;
  private final Declared declared;

  BlnClassificationModel(String uid, Model network, int numClasses, int numFeatures) {
    this(PendingUid.hold(uid), network, numClasses, numFeatures);
  }

  private BlnClassificationModel(PendingUid pending, Model network, int numClasses, int numFeatures) {
    this.declared = new Declared(pending, this);
    this.network = network;
    this.numClasses = numClasses;
    this.numFeatures = numFeatures;
  }

  @Override
  public String uid() {
    return BlnParams.uid(declared);
  }

  @Override
  public Declared declared() {
    return declared;
  }

  /** Where BLN takes its statistics at inference: a batch-independent configuration, such as PPBB. */
  public BlnClassificationModel setInference(String code) {
    set(inference(), code);
    return this;
  }

  /**
   * The DL4J network, to save with DL4J's own serializer or to inspect; {@link #network()} is the
   * param that says which network was trained.
   */
  public Model trainedNetwork() {
    return network;
  }

  @Override
  public int numClasses() {
    return numClasses;
  }

  @Override
  public int numFeatures() {
    return numFeatures;
  }

  /**
   * Writes the network as an ONNX model ({@link OnnxExport}) under this model's inference param, so
   * that ONNX Runtime gives a row of {@code features} the probabilities {@link #transform} gives it.
   * The whole file is built before its first byte is written.
   *
   * @throws UnsupportedNetworkException for a layer without an ONNX translation, naming it
   */
  public void writeOnnx(OutputStream out) throws IOException {
    OnnxExport.write(network, StatisticSources.parse($(inference())), out);
  }

  /** One row's network output, the class probabilities. */
  @Override
  public Vector predictRaw(Vector features) {
    StatisticSources sources = StatisticSources.parse($(inference()));
    double[] output = BlnCalls.inferringFrom(sources, () -> BlnNetworks.output(network,
        Nd4j.create(features.toArray(), new long[] {1, features.size()}, 'c').castTo(DataType.FLOAT), null, false))
        .castTo(DataType.DOUBLE).toDoubleVector();
    return Vectors.dense(output);
  }

  /** The raw prediction is a softmax output already. */
  @Override
  public Vector raw2probabilityInPlace(Vector rawPrediction) {
    return rawPrediction;
  }

  /** Scores the rows a mini-batch at a time on the executors, with the columns Spark's classifiers add. */
  @Override
  public Dataset<Row> transform(Dataset<?> dataset) {
    transformSchema(dataset.schema(), true);
    RowScorer scorer = new RowScorer(getFeaturesCol(), numFeatures, SCORING_BATCH_SIZE,
        StatisticSources.parse($(inference())), false);
    return scorer.score(network, dataset.toDF(), new ClassifierColumns(getRawPredictionCol(), getProbabilityCol(),
        getPredictionCol(), isDefined(thresholds()) ? getThresholds() : null));
  }

  /**
   * Spark's own; declared again only because Java sees two versions of it, from Scala classes that
   * specialise its return type.
   */
  @Override
  @SuppressWarnings({"rawtypes", "unchecked"})
  public scala.Tuple3 findSummaryModel() {
    return super.findSummaryModel();
  }

  @Override
  public BlnClassificationModel copy(ParamMap extra) {
    BlnClassificationModel copy = new BlnClassificationModel(uid(), network, numClasses, numFeatures);
    return copyValues(copy, extra).setParent(parent());
  }

  @Override
  public MLWriter write() {
    return new Writer(this);
  }

  public static MLReader<BlnClassificationModel> read() {
    return new Reader();
  }

  public static BlnClassificationModel load(String path) {
    return read().load(path);
  }

  /** The columns a Spark classifier adds, each only when its name is set. */
  private record ClassifierColumns(String rawPrediction, String probability, String prediction, double[] thresholds)
      implements RowScorer.Output {
    @Override
    public StructType addedColumns() {
      StructType added = new StructType();
      if (!rawPrediction.isEmpty()) {
        added = added.add(rawPrediction, SQLDataTypes.VectorType(), false);
      }
      if (!probability.isEmpty()) {
        added = added.add(probability, SQLDataTypes.VectorType(), false);
      }
      if (!prediction.isEmpty()) {
        added = added.add(prediction, DataTypes.DoubleType, false);
      }
      return added;
    }

    @Override
    public Object[] values(double[] output) {
      DenseVector vector = new DenseVector(output.clone());
      java.util.List<Object> values = new java.util.ArrayList<>(3);
      if (!rawPrediction.isEmpty()) {
        values.add(vector);
      }
      if (!probability.isEmpty()) {
        values.add(vector);
      }
      if (!prediction.isEmpty()) {
        values.add(predictedClass(output));
      }
      return values.toArray();
    }

    /** The most probable class, or with thresholds, as Spark's classifiers decide: the largest p / t. */
    private double predictedClass(double[] output) {
      int best = 0;
      double bestScore = Double.NEGATIVE_INFINITY;
      for (int c = 0; c < output.length; c++) {
        double score = thresholds == null ? output[c]
            : thresholds[c] == 0 ? Double.POSITIVE_INFINITY : output[c] / thresholds[c];
        if (score > bestScore) {
          best = c;
          bestScore = score;
        }
      }
      return best;
    }
  }

  /** Spark's params metadata, and the network as a bln model zip under {@value #NETWORK_FILE}. */
  private static final class Writer extends MLWriter {
    private final BlnClassificationModel model;

    Writer(BlnClassificationModel model) {
      this.model = model;
    }

    @Override
    public void saveImpl(String path) {
      DefaultParamsWriter$.MODULE$.saveMetadata(model, path, sc(), Option.empty(), Option.empty());
      Path file = new Path(path, NETWORK_FILE);
      try {
        FileSystem fs = file.getFileSystem(sc().hadoopConfiguration());
        try (OutputStream out = fs.create(file, false)) {
          ModelArchive.write(model.network, false,
              JSON.writeValueAsString(new Shape(model.numClasses, model.numFeatures)), out);
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot write " + file, e);
      }
    }
  }

  private static final class Reader extends MLReader<BlnClassificationModel> {
    @Override
    public BlnClassificationModel load(String path) {
      DefaultParamsReader.Metadata metadata = DefaultParamsReader$.MODULE$.loadMetadata(path, sc(),
          BlnClassificationModel.class.getName());
      Path file = new Path(path, NETWORK_FILE);
      ModelArchive.Contents contents;
      try {
        FileSystem fs = file.getFileSystem(sc().hadoopConfiguration());
        try (InputStream in = fs.open(file)) {
          contents = ModelArchive.read(in, false);
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + file, e);
      }
      Shape shape;
      try {
        shape = JSON.readValue(contents.metadataJson(), Shape.class);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read the shape saved in " + file, e);
      }
      BlnClassificationModel model = new BlnClassificationModel(metadata.uid(), contents.network(),
          shape.numClasses(), shape.numFeatures());
      metadata.getAndSetParams(model, Option.empty());
      return model;
    }
  }

  /** What the saved network's metadata holds besides the network. */
  private record Shape(int numClasses, int numFeatures) {}
}
